using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Queue;

namespace OrleansKube.Tests.Scheduling;

public class SchedulingQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static SchedulingQueue WithOneUnschedulableAndOneBackingOff()
    {
        var queue = new SchedulingQueue();
        queue.AddUnschedulable(new PodInfo(Build.Pod("stuck")), T0, 1);
        queue.Add(new PodInfo(Build.Pod("retry")), T0);
        Assert.True(queue.TryPop(out var retry));
        queue.AddBackoff(retry, T0);
        return queue;
    }

    [Fact]
    public void Flush_WithALeader_MovesPodsUnschedulableForFiveMinutesAndPodsOutOfBackoff()
    {
        var queue = WithOneUnschedulableAndOneBackingOff();

        queue.Flush(T0 + SchedulingQueue.MaxInUnschedulable);

        Assert.Equal((2, 0, 0), (queue.ActiveCount, queue.BackoffCount, queue.UnschedulableCount));
    }

    [Fact]
    public void Flush_WithoutALeader_LeavesUnschedulablePodsWhereTheyAre_ButEndsBackoffs()
    {
        var queue = WithOneUnschedulableAndOneBackingOff();

        queue.Flush(T0 + SchedulingQueue.MaxInUnschedulable, unschedulable: false);

        Assert.Equal((1, 0, 1), (queue.ActiveCount, queue.BackoffCount, queue.UnschedulableCount));
        Assert.True(queue.TryPop(out var active));
        Assert.Equal("default/retry", active.Key);
    }

    [Fact]
    public void NextFlush_WithoutALeader_IsOnlyTheBackoffsEnd()
    {
        var queue = WithOneUnschedulableAndOneBackingOff();

        Assert.Equal(T0 + SchedulingQueue.Backoff(1), queue.NextFlush(unschedulable: false));
        Assert.Equal(T0 + SchedulingQueue.Backoff(1), queue.NextFlush());

        queue.Flush(T0 + SchedulingQueue.MaxBackoff);
        Assert.Null(queue.NextFlush(unschedulable: false));
        Assert.Equal(T0 + SchedulingQueue.MaxInUnschedulable, queue.NextFlush());
    }
}
