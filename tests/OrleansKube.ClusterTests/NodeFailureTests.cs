using System.Text.RegularExpressions;
using OrleansKube.Control.Nodes;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>Four nodes in two zones on a cluster of their own: these tests let simulated minutes pass.</summary>
public sealed class NodeFailureFixture : ClusterFixture
{
    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "failures",
        Pools =
        [
            new NodePool
            {
                Name = "worker", Count = 4, Zones = ["zone-a", "zone-b"],
                Images = Helpers.PrePulledImages,
                Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("20") },
            },
        ],
    };
}

/// <summary>Failure injection end to end: a failed kubelet's node goes NotReady after the grace period and its pods are evicted after their tolerations.</summary>
public sealed class NodeFailureTests(NodeFailureFixture cluster) : IClassFixture<NodeFailureFixture>
{
    private Task<(int Exit, string Out, string Err)> OkctlAsync(params string[] args) => Helpers.OkctlAsync(cluster, args);

    /// <summary>Lets exactly <paramref name="total"/> of simulated time pass, the silo settling at every instant a timer is due.</summary>
    private Task PassAsync(TimeSpan total) => cluster.AdvanceAsync(total);

    private async Task<string> NodeRowAsync(string node) =>
        (await OkctlAsync("get", "nodes")).Out.Split('\n').Single(l => l.StartsWith(node + " ", StringComparison.Ordinal));

    private async Task RunPinnedAsync(string ns, string name, string node, List<Toleration>? tolerations = null)
    {
        var pod = Helpers.Pod(ns, name, nodeName: node);
        pod.Spec.Tolerations = tolerations;
        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        await PassAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, name, p => p.Status?.Phase == PodPhase.Running);
    }

    [Fact]
    public async Task FailedNode_GoesNotReadyAfter40s_AndItsPodsAreEvictedAfterTheirTolerations()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "failure");
        await RunPinnedAsync(ns, "default-tolerations", "worker-1");
        await RunPinnedAsync(ns, "short-toleration", "worker-1",
            [new Toleration { Key = "node.kubernetes.io/unreachable", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute, TolerationSeconds = 60 }]);
        await RunPinnedAsync(ns, "elsewhere", "worker-2");
        var admitted = await Helpers.GetPodAsync(cluster, ns, "default-tolerations");
        Assert.Contains(admitted.Spec.Tolerations!, t => t is { Key: "node.kubernetes.io/unreachable", Effect: TaintEffect.NoExecute, TolerationSeconds: 300 });

        var fail = await OkctlAsync("sim", "node", "fail", "worker-1");
        Assert.Equal("node/worker-1 failed\n", fail.Out);

        // Its last renewal was at most 10 s before: not overdue for at least 30 s, NotReady within 55 s.
        await PassAsync(TimeSpan.FromSeconds(25));
        Assert.Matches(@"^worker-1\s+Ready\s", await NodeRowAsync("worker-1"));

        await PassAsync(TimeSpan.FromSeconds(30));
        Assert.Matches(@"^worker-1\s+NotReady\s", await NodeRowAsync("worker-1"));
        Assert.Matches(@"^worker-2\s+Ready\s", await NodeRowAsync("worker-2"));
        var node = (Node)(await cluster.Api.GetAsync("Node", null, "worker-1"))!;
        Assert.Contains(node.Status!.Conditions!, c => c is { Type: "Ready", Status: ConditionStatus.Unknown, Reason: "NodeStatusUnknown", Message: "Kubelet stopped posting node status." });
        Assert.Contains(node.Spec!.Taints!, t => t is { Key: "node.kubernetes.io/unreachable", Effect: TaintEffect.NoExecute });
        Assert.Contains(node.Spec.Taints!, t => t is { Key: "node.kubernetes.io/unreachable", Effect: TaintEffect.NoSchedule });

        // 60 s after the taint the short toleration runs out; the 300 s one holds.
        await PassAsync(TimeSpan.FromSeconds(60));
        var evicted = await Helpers.SettledPodAsync(cluster, ns, "short-toleration", p => p.Metadata.DeletionTimestamp is not null);
        Assert.Contains(evicted.Status!.Conditions!, c => c is { Type: "DisruptionTarget", Reason: "DeletionByTaintManager" });
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "default-tolerations")).Metadata.DeletionTimestamp);
        var events = await Helpers.SettledEventsAsync(cluster, ns, "short-toleration", e => e.Any(x => x.Reason == "TaintManagerEviction"));
        Assert.Contains(events, e => e.Message == $"Marking for deletion Pod {ns}/short-toleration");

        await PassAsync(TimeSpan.FromSeconds(240));
        await Helpers.SettledPodAsync(cluster, ns, "default-tolerations", p => p.Metadata.DeletionTimestamp is not null);
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "elsewhere")).Metadata.DeletionTimestamp);

        // The kubelet is down: its evicted pods stay Terminating until it is back to stop them.
        Assert.Matches(@"^short-toleration\s+1/1\s+Terminating\s", (await OkctlAsync("get", "pods", "-n", ns)).Out.Split('\n').Single(l => l.StartsWith("short-toleration", StringComparison.Ordinal)));
        var recover = await OkctlAsync("sim", "node", "recover", "worker-1");
        Assert.Equal("node/worker-1 recovered\n", recover.Out);
        await PassAsync(TimeSpan.FromSeconds(5));
        Assert.Matches(@"^worker-1\s+Ready\s", await NodeRowAsync("worker-1"));
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "short-toleration") is null, () => "the evicted pod is gone once the kubelet stopped it");
        await cluster.HoldsAsync(
            async () => ((Node)(await cluster.Api.GetAsync("Node", null, "worker-1"))!).Spec?.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable") != true,
            () => "the unreachable taints are gone");
    }

    [Fact]
    public async Task UnreachableNode_ItsPodsTurnNotReady_LeaveTheServicesEndpoints_AndAreReadyAgainWhenItIsBack()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "notready");
        var node = await Helpers.CreateNodeAsync(cluster, "notready", cpu: "2");
        var pod = Helpers.Pod(ns, "served", nodeName: node);
        pod.Metadata.Labels = new() { ["app"] = "served" };
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = "served", Namespace = ns },
            Spec = new ServiceSpec { Selector = new() { ["app"] = "served" }, Ports = [new ServicePort { Port = 80 }] },
        };
        await cluster.Api.ApplyAsync([service, pod], ApplyMode.Apply);
        await PassAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, "served", p => p.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true);
        async Task<(int Ready, int NotReady)> EndpointsAsync() => await cluster.Api.GetAsync("Endpoints", ns, "served") is Endpoints e
            ? (e.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0, e.Subsets?.Sum(s => s.NotReadyAddresses?.Count ?? 0) ?? 0)
            : (0, 0);
        await cluster.HoldsAsync(async () => await EndpointsAsync() == (1, 0), () => "the pod is a ready endpoint");

        Assert.Equal(0, (await OkctlAsync("sim", "node", "fail", node)).Exit);
        try
        {
            await PassAsync(TimeSpan.FromSeconds(55));

            var unready = await Helpers.SettledPodAsync(cluster, ns, "served", p => p.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.False }) == true);
            Assert.Equal(PodPhase.Running, unready.Status!.Phase);
            await cluster.HoldsAsync(async () => await EndpointsAsync() == (0, 1), () => "the pod is a not-ready endpoint");
            await Helpers.SettledEventsAsync(cluster, ns, "served", events => events.Any(e => e is { Type: "Warning", Reason: "NodeNotReady", Message: "Node is not ready" }));
            await Helpers.SettledEventsAsync(cluster, "default", node, events => events.Any(e => e.Reason == "NodeNotReady" && e.Message == $"Node {node} status is now: NodeNotReady"));
        }
        finally
        {
            Assert.Equal(0, (await OkctlAsync("sim", "node", "recover", node)).Exit);
        }

        // Heard again: the kubelet reports its pods as they are.
        await PassAsync(NodeLifecycle.LeaseRenewInterval);
        await Helpers.SettledPodAsync(cluster, ns, "served", p => p.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true);
        await cluster.HoldsAsync(async () => await EndpointsAsync() == (1, 0), () => "the pod is a ready endpoint again");
    }

    [Fact]
    public async Task NodeMarkedUnreachableWhileHealthy_TaintsAndUnknownConditionsGoWhenRenewalsResume()
    {
        // What a controller that lost track of a node (its activation died with a silo) may do: mark a healthy node unreachable.
        await cluster.Client.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, "worker-3").ToString()).MarkUnreachableAsync();
        try
        {
            await cluster.SettleAsync();
            var marked = (Node)(await cluster.Api.GetAsync("Node", null, "worker-3"))!;
            Assert.Contains(marked.Status!.Conditions!, c => c is { Type: "Ready", Status: ConditionStatus.Unknown });
            Assert.Equal(2, marked.Spec!.Taints!.Count(t => t.Key == "node.kubernetes.io/unreachable"));

            // The kubelet renews within 10 s: it reports its own status, and the controller removes the taints.
            await PassAsync(NodeLifecycle.LeaseRenewInterval);
            var node = (Node)(await cluster.Api.GetAsync("Node", null, "worker-3"))!;
            Assert.Contains(node.Status!.Conditions!, c => c is { Type: "Ready", Status: ConditionStatus.True, Reason: "KubeletReady" });
            Assert.DoesNotContain(node.Spec?.Taints ?? [], t => t.Key is "node.kubernetes.io/unreachable" or "node.kubernetes.io/not-ready");
            Assert.Matches(@"^worker-3\s+Ready\s", await NodeRowAsync("worker-3"));
            Assert.Empty(await cluster.Client.GetGrain<INodeLifecycleControllerGrain>(0).GetUnreachableAsync());
        }
        finally
        {
            // The class's other tests use worker-3: its taints go whatever happened above.
            await OkctlAsync("taint", "nodes", "worker-3", "node.kubernetes.io/unreachable-");
        }
    }

    [Fact]
    public async Task ZoneFailure_FailsEveryNodeOfTheZone()
    {
        var fail = await OkctlAsync("sim", "zone", "fail", "zone-b");
        try
        {
            Assert.Equal("zone/zone-b failed: 2 node(s)\n", fail.Out);

            await PassAsync(TimeSpan.FromSeconds(55));
            var failed = (await OkctlAsync("get", "nodes")).Out;
            Assert.Matches(new Regex(@"^worker-2\s+NotReady\s", RegexOptions.Multiline), failed);
            Assert.Matches(new Regex(@"^worker-4\s+NotReady\s", RegexOptions.Multiline), failed);
            Assert.Matches(new Regex(@"^worker-3\s+Ready\s", RegexOptions.Multiline), failed);
        }
        finally
        {
            // The class's other tests use these nodes: they come back whatever happened above.
            await OkctlAsync("sim", "zone", "recover", "zone-b");
        }

        await PassAsync(TimeSpan.FromSeconds(5));
        var rows = (await OkctlAsync("get", "nodes")).Out;
        Assert.Matches(new Regex(@"^worker-2\s+Ready\s", RegexOptions.Multiline), rows);
        Assert.Matches(new Regex(@"^worker-4\s+Ready\s", RegexOptions.Multiline), rows);
    }

    [Fact]
    public async Task FailUnknownNode_ExitsNonZeroWithNotFound()
    {
        var fail = await OkctlAsync("sim", "node", "fail", "no-such-node");

        Assert.Equal(1, fail.Exit);
        Assert.Equal("Error from server (NotFound): nodes \"no-such-node\" not found\n", fail.Err);
    }

    [Fact]
    public async Task SimNodes_AddFromAPool_AndDelete_BringKubeletsUpAndDown()
    {
        var add = await OkctlAsync("sim", "nodes", "add", "--pool", "worker", "--count", "2");

        Assert.Equal("node/worker-5 created\nnode/worker-6 created\n", add.Out);
        var added = (Node)(await cluster.Api.GetAsync("Node", null, "worker-5"))!;
        Assert.Equal("zone-a", added.Metadata.Labels!["topology.kubernetes.io/zone"]);
        Assert.Matches(new Regex(@"^worker-6\s+Ready\s", RegexOptions.Multiline), (await OkctlAsync("get", "nodes")).Out);
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Lease", "kube-node-lease", "worker-6") is not null, () => "the new kubelet's lease is written (one-way)");

        var ns = await Helpers.CreateNamespaceAsync(cluster, "gone");
        await RunPinnedAsync(ns, "orphan", "worker-6");
        var delete = await OkctlAsync("sim", "nodes", "delete", "worker-6");

        Assert.Equal("node/worker-6 deleted\n", delete.Out);
        Assert.Null(await cluster.Api.GetAsync("Node", null, "worker-6"));
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "orphan") is null, () => "the deleted node's pod is deleted");
    }

    [Fact]
    public async Task SimNodesAdd_UnknownPoolOrBadCount_ExitsNonZero()
    {
        var unknown = await OkctlAsync("sim", "nodes", "add", "--pool", "nope");
        var zero = await OkctlAsync("sim", "nodes", "add", "--pool", "worker", "--count", "0");

        Assert.Equal(1, unknown.Exit);
        Assert.Equal("Error from server (NotFound): pool \"nope\" not found in the cluster profile (pools: worker)\n", unknown.Err);
        Assert.Equal(1, zero.Exit);
        Assert.Equal("error: --count: must be at least 1, got 0\n", zero.Err);
    }

    [Fact]
    public async Task Drain_RefusesWhatKubectlRefuses_ThenWithForceEvictsAndWaits()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "drain");
        await RunPinnedAsync(ns, "bare", "worker-3");
        // A pod with a controller: a ReplicaSet's, placed on worker-3.
        var template = Helpers.Pod(ns, "", nodeSelector: new() { ["kubernetes.io/hostname"] = "worker-3" }, labels: new() { ["app"] = "managed" });
        var rs = new Model.Apps.ReplicaSet
        {
            Metadata = new ObjectMeta { Name = "web-abc", Namespace = ns },
            Spec = new Model.Apps.ReplicaSetSpec
            {
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "managed" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = template.Metadata.Labels }, Spec = template.Spec },
            },
        };
        await cluster.Api.ApplyAsync([rs], ApplyMode.Apply);
        await cluster.HoldsAsync(async () => (await cluster.Api.ListAsync(new ListQuery("pods", ns, "app=managed"))).Count == 1, "the ReplicaSet's pod exists");
        var managed = (await cluster.Api.ListAsync(new ListQuery("pods", ns, "app=managed"))).Single().Metadata.Name!;
        await PassAsync(ClusterFixture.PodStartDelay);

        try
        {
            await DrainWorker3Async(ns, managed);
        }
        finally
        {
            // The class's other tests use worker-3: it is schedulable again whatever happened.
            await cluster.Api.DeleteAsync("replicasets", ns, "web-abc");
            await OkctlAsync("uncordon", "worker-3");
        }
    }

    private async Task DrainWorker3Async(string ns, string managed)
    {
        var refused = await OkctlAsync("drain", "worker-3");

        Assert.Equal(1, refused.Exit);
        Assert.Equal("node/worker-3 cordoned\n", refused.Out);
        Assert.Equal(
            $"error: unable to drain node \"worker-3\" due to error: cannot delete Pods declare no controller (use --force to override): {ns}/bare, continuing command...\n" +
            "There are pending nodes to be drained:\n worker-3\n" +
            $"error: cannot delete Pods declare no controller (use --force to override): {ns}/bare\n",
            refused.Err);
        Assert.NotNull(await cluster.Api.GetAsync("Pod", ns, managed));

        var drained = await OkctlAsync("drain", "worker-3", "--force");

        Assert.Equal(0, drained.Exit);
        Assert.Equal($"Warning: deleting Pods that declare no controller: {ns}/bare\n", drained.Err);
        // As kubectl, each pod is reported when it is gone, which its own kubelet decides: in either order.
        var lines = drained.Out.Split('\n');
        Assert.Equal(["node/worker-3 already cordoned", $"evicting pod {ns}/bare", $"evicting pod {ns}/{managed}"], lines[..3]);
        Assert.Equal(["pod/bare evicted", $"pod/{managed} evicted"], lines[3..5].Order(StringComparer.Ordinal));
        Assert.Equal(["node/worker-3 drained", ""], lines[5..]);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "bare"));
        Assert.Matches(new Regex(@"^worker-3\s+Ready,SchedulingDisabled\s", RegexOptions.Multiline), (await OkctlAsync("get", "nodes")).Out);
    }

    [Fact]
    public async Task MemoryPressure_EvictsThePodAboveItsRequest_AndReportsTheCondition()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pressure");
        foreach (var (name, usage) in new[] { ("hog", "600Mi"), ("modest", "32Mi") })
        {
            var pod = Helpers.Pod(ns, name, nodeName: "worker-4");
            pod.Metadata.Annotations = new() { ["sim.orleanskube.io/memory-usage"] = usage };
            await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        }

        await PassAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, "modest", p => p.Status?.Phase == PodPhase.Running);

        var set = await OkctlAsync("sim", "node", "pressure", "worker-4", "--memory", "99%");

        Assert.Equal("node/worker-4 memory in use set to 99%\n", set.Out);
        var evicted = await Helpers.SettledPodAsync(cluster, ns, "hog", p => p.Status?.Phase == PodPhase.Failed);
        Assert.Equal("Evicted", evicted.Status!.Reason);
        Assert.StartsWith("The node was low on resource: memory. Threshold quantity: 100Mi, available: ", evicted.Status.Message, StringComparison.Ordinal);
        var describe = (await OkctlAsync("describe", "pod", "hog", "-n", ns)).Out;
        Assert.Matches(new Regex(@"^Status:\s+Failed$", RegexOptions.Multiline), describe);
        Assert.Matches(new Regex(@"^Reason:\s+Evicted$", RegexOptions.Multiline), describe);

        // As on a 1.22+ cluster, the container's own end syncs after the eviction and kubectl's STATUS shows it: this
        // workload stops on SIGTERM within the eviction's 2 s grace, so Completed (one that ignores it: Error, 137).
        Assert.Matches(new Regex(@"^hog\s+0/1\s+Completed\s+0\s+\S+$", RegexOptions.Multiline), (await OkctlAsync("get", "pods", "-n", ns)).Out);
        Assert.Equal(PodPhase.Running, (await Helpers.GetPodAsync(cluster, ns, "modest")).Status!.Phase);
        var node = (Node)(await cluster.Api.GetAsync("Node", null, "worker-4"))!;
        Assert.Contains(node.Status!.Conditions!, c => c is { Type: "MemoryPressure", Status: ConditionStatus.True, Reason: "KubeletHasInsufficientMemory" });
        Assert.Contains(node.Spec!.Taints!, t => t is { Key: "node.kubernetes.io/memory-pressure", Effect: TaintEffect.NoSchedule });

        // Relieved: the condition clears once no threshold has been met for five minutes.
        await OkctlAsync("sim", "node", "pressure", "worker-4", "--memory", "0");
        await PassAsync(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));
        node = (Node)(await cluster.Api.GetAsync("Node", null, "worker-4"))!;
        Assert.Contains(node.Status!.Conditions!, c => c is { Type: "MemoryPressure", Status: ConditionStatus.False });
        Assert.DoesNotContain(node.Spec?.Taints ?? [], t => t.Key == "node.kubernetes.io/memory-pressure");
    }

    [Fact]
    public async Task SimNodePressure_BadValue_ExitsNonZeroNamingTheFlag()
    {
        var bad = await OkctlAsync("sim", "node", "pressure", "worker-4", "--memory", "lots");

        Assert.Equal(1, bad.Exit);
        Assert.Equal("error: --memory: invalid value \"lots\": must be a percentage of capacity (95%) or a quantity (3Gi)\n", bad.Err);
    }

    [Fact]
    public async Task UserNoExecuteTaint_EvictsNonToleratingPodsAtOnce_AndTheOthersAfterTheirSeconds()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "noexec");
        await RunPinnedAsync(ns, "intolerant", "worker-2");
        await RunPinnedAsync(ns, "patient", "worker-2",
            [new Toleration { Key = "maintenance", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute, TolerationSeconds = 30 }]);

        var taint = await OkctlAsync("taint", "nodes", "worker-2", "maintenance=now:NoExecute");
        Assert.Equal("node/worker-2 tainted\n", taint.Out);

        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "intolerant") is null, () => "the pod that does not tolerate the taint is evicted at once");
        await PassAsync(TimeSpan.FromSeconds(25));
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "patient")).Metadata.DeletionTimestamp);
        await PassAsync(TimeSpan.FromSeconds(10));
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "patient") is null, () => "the tolerating pod is evicted after its 30 s");

        await OkctlAsync("taint", "nodes", "worker-2", "maintenance:NoExecute-");
    }
}
