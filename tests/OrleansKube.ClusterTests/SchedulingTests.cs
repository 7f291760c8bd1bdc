using OrleansKube.Control.Store;
using OrleansKube.Model.Scheduling;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

public sealed class SchedulingTests(SchedulingClusterFixture cluster) : IClassFixture<SchedulingClusterFixture>
{
    private static Pod GpuPod(string ns, string name, string gpus = "1")
    {
        var pod = Helpers.Pod(ns, name, nodeSelector: new() { ["accelerator"] = "gpu" });
        pod.Spec.Containers[0].Resources!.Requests!["nvidia.com/gpu"] = Quantity.Parse(gpus);
        pod.Spec.Containers[0].Resources!.Limits = new() { ["nvidia.com/gpu"] = Quantity.Parse(gpus) };
        pod.Spec.Tolerations = [new Toleration { Key = "gpu", Operator = TolerationOperator.Equal, Value = "true", Effect = TaintEffect.NoSchedule }];
        return pod;
    }

    [Fact]
    public async Task GpuCluster_GpuPodsLandOnlyOnGpuNodes_OthersNever()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "gpu");
        var gpuPods = Enumerable.Range(0, 6).Select(i => GpuPod(ns, $"train-{i}")).ToList();
        var plainPods = Enumerable.Range(0, 20).Select(i => Helpers.Pod(ns, $"web-{i}")).ToList();

        await cluster.Api.ApplyAsync([.. gpuPods, .. plainPods], ApplyMode.Apply);

        foreach (var pod in gpuPods)
        {
            var placed = await Helpers.SettledPodAsync(cluster, ns, pod.Metadata.Name!, p => p.Spec.NodeName is not null);
            Assert.StartsWith("gpu-", placed.Spec.NodeName);
        }

        foreach (var pod in plainPods)
        {
            var placed = await Helpers.SettledPodAsync(cluster, ns, pod.Metadata.Name!, p => p.Spec.NodeName is not null);
            // Other tests in this fixture add untainted nodes too; what matters is that no plain pod takes a GPU node.
            Assert.DoesNotMatch("^gpu-", placed.Spec.NodeName);
        }

        // Six GPUs, six GPU pods: one per GPU node.
        Assert.Equal(6, (await cluster.Api.ListAsync(new ListQuery("pods", ns, "")))
            .Cast<Pod>().Where(p => p.Metadata.Name!.StartsWith("train-", StringComparison.Ordinal)).Select(p => p.Spec.NodeName).Distinct().Count());
    }

    [Fact]
    public async Task DeprecatedNodeLabels_OlderManifestsSelectingOnThem_Schedule()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "beta");
        var zoned = Helpers.Pod(ns, "zoned", nodeSelector: new() { ["failure-domain.beta.kubernetes.io/zone"] = "zone-b", ["beta.kubernetes.io/os"] = "linux" });

        await cluster.Api.ApplyAsync([zoned], ApplyMode.Apply);

        var placed = await Helpers.SettledPodAsync(cluster, ns, "zoned", p => p.Spec.NodeName is not null);
        var node = (Node)(await cluster.Api.GetAsync("nodes", null, placed.Spec.NodeName!))!;
        Assert.Equal("zone-b", node.Metadata.Labels!["topology.kubernetes.io/zone"]);
    }

    [Fact]
    public async Task PodFittingNoShard_IsUnschedulableWithEveryShardsReasons()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "nogpu");
        var nodes = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>().ToList();
        var plain = nodes.Count(n => n.Metadata.Labels?.ContainsKey("accelerator") != true);
        var gpu = nodes.Count - plain;

        await cluster.Api.ApplyAsync([GpuPod(ns, "greedy", gpus: "2")], ApplyMode.Apply);

        var pod = await Helpers.SettledPodAsync(cluster, ns, "greedy", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
        // Upstream sorts the "count reason" strings as text, so "11 …" comes before "6 …"; other tests in this
        // fixture add plain nodes, so the order depends on the counts.
        string[] reasons = [$"{gpu} Insufficient nvidia.com/gpu", $"{plain} node(s) didn't match Pod's node affinity/selector"];
        // Two GPUs exceed every GPU node's allocatable, so no preemption could help anywhere.
        Assert.Equal(
            $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons.Order(StringComparer.Ordinal))}. "
            + $"preemption: 0/{nodes.Count} nodes are available: {nodes.Count} Preemption is not helpful for scheduling.",
            pod.Status!.Conditions!.Single(c => c.Type == "PodScheduled").Message);
        var failed = Assert.Single(await Helpers.SettledEventsAsync(cluster, ns, "greedy", events => events.Count > 0), e => e.Reason == "FailedScheduling");
        Assert.Equal("Warning", failed.Type);
        Assert.Equal("default-scheduler", failed.Source?.Component);
    }

    /// <summary>
    /// Scores compare nodes within one shard (a shard picks its best feasible node, as upstream picks among the
    /// nodes it sampled), so this runs on the single-shard profile to see both nodes at once.
    /// </summary>
    [Fact]
    public async Task PreferredNodeAffinity_HeavierTermWins()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "preferred");
        await cluster.Api.ApplyAsync(
        [
            TestNode("pref-dev", new() { ["env"] = "dev" }),
            TestNode("pref-eng", new() { ["team"] = "engineering" }),
        ], ApplyMode.Apply);
        var pod = Helpers.Pod(ns, "chooser");
        pod.Spec.SchedulerName = SchedulingClusterFixture.CustomScheduler;
        pod.Spec.Affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                {
                    NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "pref-test", Operator = NodeSelectorOperator.Exists }] }],
                },
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new PreferredSchedulingTerm { Weight = 1, Preference = new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "team", Operator = NodeSelectorOperator.In, Values = ["engineering"] }] } },
                    new PreferredSchedulingTerm { Weight = 5, Preference = new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "env", Operator = NodeSelectorOperator.In, Values = ["dev"] }] } },
                ],
            },
        };

        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);

        Assert.Equal("pref-dev", (await Helpers.SettledPodAsync(cluster, ns, "chooser", p => p.Spec.NodeName is not null)).Spec.NodeName);
    }

    [Fact]
    public async Task SchedulerName_CustomProfileSchedulesItsPods_UnknownNameStaysPending()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "profiles");
        var orphan = Helpers.Pod(ns, "orphan");
        orphan.Spec.SchedulerName = "nobody-scheduler";
        var custom = Helpers.Pod(ns, "custom");
        custom.Spec.SchedulerName = SchedulingClusterFixture.CustomScheduler;

        await cluster.Api.ApplyAsync([orphan], ApplyMode.Apply);
        await cluster.Api.ApplyAsync([custom], ApplyMode.Apply);

        var placed = await Helpers.SettledPodAsync(cluster, ns, "custom", p => p.Spec.NodeName is not null);
        Assert.Contains(await Helpers.SettledEventsAsync(cluster, ns, "custom", events => events.Any(e => e.Reason == "Scheduled")), e => e.Reason == "Scheduled" && e.Source?.Component == SchedulingClusterFixture.CustomScheduler
            && e.Message == $"Successfully assigned {ns}/custom to {placed.Spec.NodeName}");
        var waiting = await Helpers.GetPodAsync(cluster, ns, "orphan");
        Assert.Null(waiting.Spec.NodeName);
        Assert.Null(waiting.Status!.Conditions);
        Assert.Empty(await Helpers.EventsForAsync(cluster, ns, "orphan"));

        // An external scheduler binds it through the Binding operation.
        await cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, "orphan").ToString()).BindAsync("plain-1", "nobody-scheduler");
        Assert.Equal("plain-1", (await Helpers.GetPodAsync(cluster, ns, "orphan")).Spec.NodeName);
    }

    /// <summary>
    /// The seeds' example: one node of 10 units running A and B (priority 100, 5 units each); C (10 units,
    /// priority 1000) and D (2 units, priority 50) arrive. A and B are preempted, C runs, D stays Pending.
    /// </summary>
    [Fact]
    public async Task Preemption_SeedExample_HigherPriorityPodTakesTheNode_LowerOneWaits()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "preempt");
        var node = await Helpers.CreateNodeAsync(cluster, "preempt", cpu: "10");
        await cluster.Api.ApplyAsync(
        [
            new PriorityClass { Metadata = new ObjectMeta { Name = $"{ns}-low" }, Value = 50 },
            new PriorityClass { Metadata = new ObjectMeta { Name = $"{ns}-mid" }, Value = 100 },
            new PriorityClass { Metadata = new ObjectMeta { Name = $"{ns}-high" }, Value = 1000 },
        ], ApplyMode.Apply);
        Pod Sized(string name, string cpu, string priorityClass)
        {
            var pod = Helpers.Pod(ns, name, cpu: cpu, nodeSelector: new() { ["test-node"] = node });
            pod.Spec.PriorityClassName = $"{ns}-{priorityClass}";
            return pod;
        }

        await cluster.Api.ApplyAsync([Sized("a", "5", "mid"), Sized("b", "5", "mid")], ApplyMode.Apply);
        foreach (var name in new[] { "a", "b" })
        {
            var placed = await Helpers.SettledPodAsync(cluster, ns, name, p => p.Status?.PodIP is not null);
            Assert.Equal((node, 100), (placed.Spec.NodeName, placed.Spec.Priority));
        }

        await cluster.Api.ApplyAsync([Sized("c", "10", "high"), Sized("d", "2", "low")], ApplyMode.Apply);

        // C nominates the node and its victims go, each with a Preempted event naming C.
        var c = await Helpers.SettledPodAsync(cluster, ns, "c", p => p.Status?.NominatedNodeName is not null || p.Spec.NodeName is not null);
        Assert.True(c.Spec.NodeName is null ? c.Status!.NominatedNodeName == node : c.Spec.NodeName == node);
        foreach (var victim in new[] { "a", "b" })
        {
            await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, victim) is null, $"victim {victim} is deleted");
            var preempted = Assert.Single(await Helpers.SettledEventsAsync(cluster, ns, victim, events => events.Any(e => e.Reason == "Preempted")), e => e.Reason == "Preempted");
            Assert.Equal($"Preempted by pod {c.Metadata.Uid} on node {node}", preempted.Message);
            Assert.Equal("default-scheduler", preempted.Source?.Component);
        }

        var running = await Helpers.AdvanceUntilPlacedAsync(cluster, ns, "c");
        Assert.Equal(node, running.Spec.NodeName);
        Assert.Null(running.Status!.NominatedNodeName);
        await Helpers.SettledPodAsync(cluster, ns, "c", p => p.Status?.PodIP is not null);

        // D cannot preempt C (lower priority) and does not fit beside it.
        var all = (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>().ToList();
        var (nodes, tainted) = (all.Count, all.Count(n => n.Spec?.Taints is { Count: > 0 }));
        string[] reasons = ["1 Insufficient cpu", $"{tainted} node(s) had untolerated taint {{gpu: true}}", $"{nodes - tainted - 1} node(s) didn't match Pod's node affinity/selector"];
        var d = await Helpers.SettledPodAsync(cluster, ns, "d", p => p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
        Assert.Null(d.Spec.NodeName);
        Assert.Equal(
            $"0/{nodes} nodes are available: {string.Join(", ", reasons.Order(StringComparer.Ordinal))}. "
            + $"preemption: 0/{nodes} nodes are available: 1 No preemption victims found for incoming pod, {nodes - 1} Preemption is not helpful for scheduling.",
            d.Status!.Conditions!.Single(x => x.Type == "PodScheduled").Message);
        await cluster.AdvanceAsync(Control.Scheduling.Queue.SchedulingQueue.MaxBackoff);
        Assert.Null((await Helpers.GetPodAsync(cluster, ns, "d")).Spec.NodeName);
    }

    [Fact]
    public async Task PriorityClass_UnknownName_IsForbidden_AndNothingStored()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "noclass");
        var pod = Helpers.Pod(ns, "classless");
        pod.Spec.PriorityClassName = "no-such-class";

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([pod], ApplyMode.Apply));

        Assert.Equal((ApiErrorReason.Forbidden, "pods \"classless\" is forbidden: no PriorityClass with name no-such-class was found"), (error.Reason, error.Message));
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "classless"));
    }

    private static Node TestNode(string name, Dictionary<string, string> labels) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new(labels) { ["pref-test"] = "yes" } },
        Status = new NodeStatus { Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("16Gi"), ["pods"] = Quantity.Parse("110") } },
    };
}
