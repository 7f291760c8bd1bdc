using OrleansKube.Control.Scheduling.Admission;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Queue;

namespace OrleansKube.Tests.Scheduling;

/// <summary>A sharded scheduler's placement after the topology ledger answered, or did not: no pod is left assumed and unbound.</summary>
public class PlacementAdmissionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A shard with nodes a and b that popped <c>web</c> from its queue and assumed it on a.</summary>
    private static (ClusterSnapshot Snapshot, SchedulingQueue Queue, QueuedPod Web) Assumed()
    {
        var snapshot = Build.Snapshot([Build.Node("a"), Build.Node("b")]);
        var queue = new SchedulingQueue();
        queue.Add(new PodInfo(Build.Pod("web", cpu: "1")), T0);
        Assert.True(queue.TryPop(out var web));
        snapshot.Get("a")!.AddPod(web.Pod);
        return (snapshot, queue, web);
    }

    [Fact]
    public void Judge_AdmittedElsewhere_MovesTheAssumptionAndBinds()
    {
        var (snapshot, queue, web) = Assumed();

        var step = PlacementAdmission.Judge(web, "a", offeredEveryCandidate: true, admitted: "b", snapshot, queue);

        Assert.Equal(AdmissionStep.Bind, step);
        Assert.Equal((false, true), (snapshot.Get("a")!.HasPod(web.Key), snapshot.Get("b")!.HasPod(web.Key)));
        Assert.Equal(0, queue.ActiveCount);
    }

    [Fact]
    public void Judge_RefusedForARuleTheShardDidNotKnow_RetriesAtOnceWithEveryCandidate()
    {
        var (snapshot, queue, web) = Assumed();

        var step = PlacementAdmission.Judge(web, "a", offeredEveryCandidate: false, admitted: null, snapshot, queue);

        // No backoff: it is the next pod popped, without the clock moving, and now offers every node.
        Assert.Equal(AdmissionStep.Retry, step);
        Assert.False(snapshot.Get("a")!.HasPod(web.Key));
        Assert.Equal((1, 0), (queue.ActiveCount, queue.BackoffCount));
        Assert.True(queue.TryPop(out var again));
        Assert.Equal(web.Key, again.Key);
        Assert.True(again.OfferEveryCandidate);
        Assert.Equal(0, again.Attempts);
    }

    [Fact]
    public void Judge_EveryCandidateRefused_FailsWithoutRequeueing()
    {
        var (snapshot, queue, web) = Assumed();

        var step = PlacementAdmission.Judge(web, "a", offeredEveryCandidate: true, admitted: null, snapshot, queue);

        Assert.Equal(AdmissionStep.Fail, step);
        Assert.False(snapshot.Get("a")!.HasPod(web.Key));
        Assert.False(queue.Contains(web.Key)); // the shard's failure path queues it as unschedulable
    }

    [Fact]
    public void Unanswered_ReleasesTheAssumption_AndReturnsThePodToTheQueueAfterItsBackoff()
    {
        var (snapshot, queue, web) = Assumed();

        PlacementAdmission.Unanswered(web, "a", snapshot, queue, T0);

        Assert.False(snapshot.Get("a")!.HasPod(web.Key));
        Assert.Equal((0, 1), (queue.ActiveCount, queue.BackoffCount));
        queue.Flush(T0 + SchedulingQueue.Backoff(web.Attempts));
        Assert.True(queue.TryPop(out var retried));
        Assert.Equal(web.Key, retried.Key);
    }

    [Fact]
    public void RetryWithEveryCandidate_PodChangedMeanwhile_KeepsTheNewerCopy()
    {
        var (snapshot, queue, web) = Assumed();
        queue.Add(new PodInfo(Build.Pod("web", cpu: "2")), T0); // an update arrived while the placement was out

        PlacementAdmission.Judge(web, "a", offeredEveryCandidate: false, admitted: null, snapshot, queue);

        Assert.Equal(1, queue.ActiveCount);
        Assert.True(queue.TryPop(out var again));
        Assert.True(again.OfferEveryCandidate);
        Assert.Equal(2000, again.Pod.Requests.MilliCpu);
    }
}
