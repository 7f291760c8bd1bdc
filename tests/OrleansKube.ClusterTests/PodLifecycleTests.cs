namespace OrleansKube.ClusterTests;

public sealed class PodLifecycleTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Apply_PodWithoutNodeName_IsScheduledAndRunsAfterTheStartDelay()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "lifecycle");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "web", cpu: "500m")], ApplyMode.Apply);

        var accepted = await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "ContainerCreating");
        Assert.Equal(PodPhase.Pending, accepted.Status!.Phase);
        Assert.False(string.IsNullOrEmpty(accepted.Spec.NodeName));
        Assert.NotNull(accepted.Status.PodIP);

        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay - TimeSpan.FromSeconds(1));
        Assert.Equal(PodPhase.Pending, (await Helpers.GetPodAsync(cluster, ns, "web")).Status!.Phase);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        var running = await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Status?.Phase == PodPhase.Running);
        Assert.True(running.Status!.ContainerStatuses![0].Ready);
        Assert.Contains(running.Status.Conditions!, c => c.Type == "Ready" && c.Status == ConditionStatus.True);
        Assert.Equal(PodQosClass.Burstable, running.Status.QosClass);
    }

    [Fact]
    public async Task Apply_PodWithNodeName_SkipsTheScheduler()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pinned");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "pinned", nodeName: "small-3")], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "pinned", p => p.Status?.PodIP is not null);
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);

        var pod = await Helpers.SettledPodAsync(cluster, ns, "pinned", p => p.Status?.Phase == PodPhase.Running);

        Assert.Equal("small-3", pod.Spec.NodeName);
        var events = await Helpers.SettledEventsAsync(cluster, ns, "pinned", events => events.Any(e => e.Reason == "Started"));
        Assert.DoesNotContain(events, e => e.Reason == "Scheduled");
        Assert.Contains(events, e => e.Reason == "Started" && e.Source?.Component == "kubelet");
    }

    [Fact]
    public async Task Apply_PodWithNodeSelector_LandsOnAMatchingNode()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "selector");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "zoned", nodeSelector: new() { ["topology.kubernetes.io/zone"] = "zone-b", ["kubernetes.io/hostname"] = "small-2" })], ApplyMode.Apply);

        var pod = await Helpers.SettledPodAsync(cluster, ns, "zoned", p => p.Spec.NodeName is not null);

        Assert.Equal("small-2", pod.Spec.NodeName);
    }

    [Fact]
    public async Task Apply_PodThatFitsNowhere_IsUnschedulableUntilRoomIsFreed()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "nofit");
        var node = await Helpers.CreateNodeAsync(cluster, "nofit", cpu: "2");
        var nodeCount = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Count;
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "big", cpu: "1900m", nodeName: node)], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "big", p => p.Status?.PodIP is not null);
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "huge", cpu: "1900m", nodeSelector: new() { ["test-node"] = node })], ApplyMode.Apply);

        var pending = await Helpers.SettledPodAsync(cluster, ns, "huge", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
        var condition = pending.Status!.Conditions!.Single(c => c.Type == "PodScheduled");
        Assert.Equal(ConditionStatus.False, condition.Status);
        Assert.Equal(
            $"0/{nodeCount} nodes are available: 1 Insufficient cpu, {nodeCount - 1} node(s) didn't match Pod's node affinity/selector. "
            + $"preemption: 0/{nodeCount} nodes are available: 1 No preemption victims found for incoming pod, {nodeCount - 1} Preemption is not helpful for scheduling.",
            condition.Message);
        Assert.Null(pending.Spec.NodeName);
        Assert.Contains(await Helpers.SettledEventsAsync(cluster, ns, "huge", events => events.Count > 0), e => e.Reason == "FailedScheduling" && e.Type == "Warning");

        // Nothing moves it until the cluster changes, however long it waits.
        await cluster.AdvanceAsync(Control.Scheduling.Queue.SchedulingQueue.MaxBackoff);
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "huge")).Spec.NodeName);

        // Freed room moves it to its backoff (1 s after a first failure), then it is placed.
        await cluster.Api.DeleteAsync("Pod", ns, "big");
        var placed = await Helpers.AdvanceUntilPlacedAsync(cluster, ns, "huge");
        Assert.Equal(node, placed.Spec.NodeName);
    }

    [Fact]
    public async Task Apply_PodBoundToAFullNode_IsRejectedByTheKubeletWithOutOfcpu()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "outofcpu");
        var node = await Helpers.CreateNodeAsync(cluster, "full", cpu: "2");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "first", cpu: "1500m", nodeName: node)], ApplyMode.Apply);
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "second", cpu: "1500m", nodeName: node)], ApplyMode.Apply);

        var rejected = await Helpers.SettledPodAsync(cluster, ns, "second", p => p.Status?.Phase == PodPhase.Failed);

        Assert.Equal("OutOfcpu", rejected.Status!.Reason);
        Assert.Equal("Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000", rejected.Status.Message);
    }
}
