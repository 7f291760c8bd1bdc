using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Scheduling;

/// <summary>What the scheduler keeps of a pod: computed once, and the bound version the kubelet runs in place of the pending one.</summary>
public class PodInfoTests
{
    private static Pod Owned(string name) =>
        Build.Pod(name, cpu: "100m", memory: "64Mi", labels: new() { ["app"] = "web" }) with
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "default",
                Labels = new() { ["app"] = "web" },
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = "rs-uid", Controller = true }],
            },
        };

    private static Pod BoundTo(Pod pending, string node) => pending with
    {
        Metadata = pending.Metadata with { ResourceVersion = "7" },
        Spec = pending.Spec with { NodeName = node },
    };

    [Fact]
    public void Adopt_TheStoredBoundVersion_IsHeldAndTheNodesCountsStillBalance()
    {
        var snapshot = Build.Snapshot([Build.Node("a")]);
        var node = snapshot.Get("a")!;
        var pending = Owned("p");
        var info = new PodInfo(pending);
        node.AddPod(info);
        var bound = BoundTo(pending, "a");

        Assert.True(info.Adopt(bound));

        Assert.Same(bound, info.Pod);
        Assert.Same(info, node.GetPod("default/p"));
        Assert.Equal(1, node.ControllerPodCounts["rs-uid"]);
        Assert.True(node.RemovePod("default/p"));
        Assert.Empty(node.PodLabelCounts);
        Assert.Empty(node.ControllerPodCounts);
    }

    [Fact]
    public void Adopt_APodRelabeledOrDeletedMeanwhile_KeepsTheVersionItCounted()
    {
        var snapshot = Build.Snapshot([Build.Node("a")]);
        var node = snapshot.Get("a")!;
        var pending = Owned("p");
        var info = new PodInfo(pending);
        node.AddPod(info);

        var relabeled = BoundTo(pending, "a") with { Metadata = pending.Metadata with { Labels = new() { ["app"] = "other" } } };
        var deleting = BoundTo(pending, "a") with { Metadata = pending.Metadata with { DeletionTimestamp = DateTimeOffset.UnixEpoch } };
        var other = BoundTo(Owned("q"), "a");

        Assert.False(info.Adopt(relabeled));
        Assert.False(info.Adopt(deleting));
        Assert.False(info.Adopt(other));

        Assert.Same(pending, info.Pod);
        Assert.True(node.RemovePod("default/p"));
        Assert.Empty(node.PodLabelCounts);
        Assert.Empty(node.ControllerPodCounts);
    }

    [Fact]
    public void NonZeroRequests_AreTheRequestsWhenEveryContainerAsksForCpuAndMemory()
    {
        var asks = new PodInfo(Build.Pod("asks", cpu: "250m", memory: "1Gi"));
        var silent = new PodInfo(Build.Pod("silent"));
        var cpuOnly = new PodInfo(Build.Pod("cpu-only", cpu: "250m"));

        Assert.Same(asks.Requests, asks.NonZeroRequests);

        Assert.NotSame(silent.Requests, silent.NonZeroRequests);
        Assert.Equal((0L, 0L), (silent.Requests.MilliCpu, silent.Requests.Memory));
        Assert.Equal((Resource.DefaultMilliCpuRequest, Resource.DefaultMemoryRequest), (silent.NonZeroRequests.MilliCpu, silent.NonZeroRequests.Memory));

        Assert.NotSame(cpuOnly.Requests, cpuOnly.NonZeroRequests);
        Assert.Equal((250L, Resource.DefaultMemoryRequest), (cpuOnly.NonZeroRequests.MilliCpu, cpuOnly.NonZeroRequests.Memory));
    }
}
