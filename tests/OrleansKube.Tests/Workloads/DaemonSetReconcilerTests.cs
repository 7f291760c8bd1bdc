using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.DaemonSets;
using OrleansKube.Control.Workloads.History;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

public class DaemonSetReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);
    private readonly Dictionary<string, Node> _nodes = [];

    private DaemonSet Ds => _api.Get<DaemonSet>("agent");

    private List<Pod> Pods => [.. _api.All<Pod>()];

    private static Node Node(string name, Dictionary<string, string>? labels = null, Taint? taint = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels ?? new() { ["kubernetes.io/hostname"] = name } },
        Spec = new NodeSpec { Taints = taint is null ? null : [taint] },
    };

    private void Create(Dictionary<string, string>? nodeSelector = null, DaemonSetUpdateStrategyType strategy = DaemonSetUpdateStrategyType.RollingUpdate, string image = "agent:1") =>
        _api.Put(new DaemonSet
        {
            Metadata = new ObjectMeta { Name = "agent", Namespace = "kube-system", Uid = "uid-agent", Generation = 1 },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelector { MatchLabels = new() { ["app"] = "agent" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new() { ["app"] = "agent" } },
                    Spec = new PodSpec { NodeSelector = nodeSelector, Containers = [new Container { Name = "agent", Image = image }] },
                },
                UpdateStrategy = new DaemonSetUpdateStrategy { Type = strategy, RollingUpdate = strategy == DaemonSetUpdateStrategyType.RollingUpdate ? new RollingUpdateDaemonSet { MaxUnavailable = 1 } : null },
            },
        });

    private void AddNodes(params Node[] nodes)
    {
        foreach (var node in nodes)
        {
            _nodes[node.Metadata.Name!] = node;
        }
    }

    private Task<DaemonSetSync> PassAsync() => new DaemonSetReconciler(_api, new ControllerExpectations()).SyncAsync(Ds, _nodes.Values, Pods, [.. _api.All<ControllerRevision>()], _api.Now);

    // The scheduler binds each pod to its pinned node; the kubelet makes it ready.
    private void RunAll()
    {
        foreach (var pod in Pods.Where(p => p.Spec.NodeName is null))
        {
            var copy = KubeJson.Clone(pod);
            copy.Spec.NodeName = DaemonPods.TargetNode(pod);
            copy.Status = new PodStatus { Phase = PodPhase.Running, Conditions = [new PodCondition { Type = "Ready", Status = ConditionStatus.True, LastTransitionTime = _api.Now }] };
            _api.Put(copy);
        }
    }

    [Fact]
    public async Task Sync_PodPerEligibleNode_PinnedByNodeNameAffinityWithDaemonTolerations()
    {
        Create();
        AddNodes(Node("n1"), Node("n2"), Node("tainted", taint: new Taint { Key = "dedicated", Value = "db", Effect = TaintEffect.NoSchedule }));

        await PassAsync();

        Assert.Equal(["n1", "n2"], Pods.Select(DaemonPods.TargetNode).Order());
        var pod = Pods[0];
        var pin = pod.Spec.Affinity!.NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms.Single().MatchFields!.Single();
        Assert.Equal(("metadata.name", NodeSelectorOperator.In), (pin.Key, pin.Operator));
        Assert.Null(pod.Spec.NodeName);
        Assert.Equal(
            ["node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure", "node.kubernetes.io/not-ready", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unreachable", "node.kubernetes.io/unschedulable"],
            pod.Spec.Tolerations!.Select(t => t.Key!).Order());

        RunAll();
        await PassAsync();
        var status = Ds.Status!;
        Assert.Equal((2, 2, 2, 2, 2, 0), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberReady, status.UpdatedNumberScheduled, status.NumberAvailable, status.NumberMisscheduled));
    }

    [Fact]
    public async Task Sync_NodeGainsTheSelectedLabel_GetsAPodAndLosingItRemovesIt()
    {
        Create(nodeSelector: new() { ["role"] = "edge" });
        AddNodes(Node("n1", new() { ["role"] = "edge" }), Node("n2"));
        await PassAsync();
        Assert.Equal(["n1"], Pods.Select(DaemonPods.TargetNode));

        AddNodes(Node("n2", new() { ["role"] = "edge" }));
        await PassAsync();
        Assert.Equal(["n1", "n2"], Pods.Select(DaemonPods.TargetNode).Order());

        RunAll();
        AddNodes(Node("n1"));
        await PassAsync();
        Assert.Equal(["n2"], Pods.Select(DaemonPods.TargetNode));
        Assert.Equal((1, 1), (Ds.Status!.DesiredNumberScheduled, Ds.Status.NumberMisscheduled));
    }

    [Fact]
    public async Task Sync_TaintsAfterThePodRuns_NoScheduleKeepsItNoExecuteRemovesIt()
    {
        Create();
        AddNodes(Node("n1"), Node("n2"));
        await PassAsync();
        RunAll();

        AddNodes(Node("n1", taint: new Taint { Key = "maintenance", Effect = TaintEffect.NoSchedule }), Node("n2", taint: new Taint { Key = "evict", Effect = TaintEffect.NoExecute }));
        await PassAsync();

        Assert.Equal(["n1"], Pods.Select(DaemonPods.TargetNode));
    }

    [Fact]
    public async Task Sync_NodeGone_ItsPodGoesToo()
    {
        Create();
        AddNodes(Node("n1"), Node("n2"));
        await PassAsync();
        RunAll();

        _nodes.Remove("n2");
        await PassAsync();

        Assert.Equal(["n1"], Pods.Select(DaemonPods.TargetNode));
    }

    [Fact]
    public async Task Sync_RollingUpdate_ReplacesAtMostMaxUnavailableAtATime()
    {
        Create();
        AddNodes(Node("n1"), Node("n2"), Node("n3"));
        await PassAsync();
        RunAll();
        var ds = KubeJson.Clone(Ds);
        ds.Spec!.Template!.Spec!.Containers[0].Image = "agent:2";
        ds.Metadata.Generation = 2;
        _api.Put(ds);

        for (var pass = 0; pass < 3; pass++)
        {
            await PassAsync();
            Assert.Equal(1, 3 - Pods.Count(p => p.Spec.NodeName is not null)); // one node without a running pod at a time
            await PassAsync();
            RunAll();
        }

        await PassAsync();
        Assert.All(Pods, p => Assert.Equal("agent:2", p.Spec.Containers[0].Image));
        Assert.Equal(3, Ds.Status!.UpdatedNumberScheduled);
    }

    [Fact]
    public async Task Sync_OnDelete_LeavesOldPodsUntilDeleted()
    {
        Create(strategy: DaemonSetUpdateStrategyType.OnDelete);
        AddNodes(Node("n1"));
        await PassAsync();
        RunAll();
        var ds = KubeJson.Clone(Ds);
        ds.Spec!.Template!.Spec!.Containers[0].Image = "agent:2";
        _api.Put(ds);

        await PassAsync();

        Assert.Equal("agent:1", Pods.Single().Spec.Containers[0].Image);
        Assert.Equal(0, Ds.Status!.UpdatedNumberScheduled);
    }

    /// <summary>The images a DaemonSet's template is given in turn (a pass after each), its history limit, and its revisions after them: "number image", oldest first.</summary>
    public sealed record HistoryCase(string Sentence, string[] Images, int? Limit, string[] Revisions)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<HistoryCase> HistoryCases() =>
    [
        new HistoryCase("each new template is the next revision", ["agent:1", "agent:2", "agent:3"], null, ["1 agent:1", "2 agent:2", "3 agent:3"]),
        new HistoryCase("an unchanged template makes no revision", ["agent:1", "agent:1"], null, ["1 agent:1"]),
        new HistoryCase("a template seen before takes its revision back, numbered past the others", ["agent:1", "agent:2", "agent:1"], null, ["2 agent:2", "3 agent:1"]),
        new HistoryCase("old revisions past the limit go, oldest first", ["agent:1", "agent:2", "agent:3", "agent:4"], 2, ["2 agent:2", "3 agent:3", "4 agent:4"]),
        new HistoryCase("a limit of zero keeps the current revision only", ["agent:1", "agent:2"], 0, ["2 agent:2"]),
    ];

    [Theory]
    [MemberData(nameof(HistoryCases))]
    public async Task Sync_Templates_LeaveTheHistoryUpstreamKeeps(HistoryCase c)
    {
        foreach (var image in c.Images)
        {
            Create(image: image);
            _api.Put(Ds with { Spec = Ds.Spec! with { RevisionHistoryLimit = c.Limit } });
            await PassAsync();
        }

        Assert.Equal(c.Revisions, _api.All<ControllerRevision>().OrderBy(r => r.Revision).Select(r => $"{r.Revision} {ControllerHistory.TemplateOf(r)!.Spec!.Containers[0].Image}"));
    }

    [Fact]
    public async Task Sync_FiveHundredNodes_WriteOneRevision_WhoseHashEveryPodCarries()
    {
        Create();
        AddNodes([.. Enumerable.Range(0, 500).Select(i => Node($"n{i:D3}"))]);

        await PassAsync();
        RunAll();
        await PassAsync();

        var revision = Assert.Single(_api.All<ControllerRevision>());
        var hash = revision.Metadata.Labels!["controller-revision-hash"];
        Assert.Equal(($"agent-{hash}", 1L, "uid-agent"), (revision.Metadata.Name, revision.Revision, revision.Metadata.OwnerReferences!.Single(o => o.Controller == true).Uid));
        Assert.Single(_api.Calls, c => c.StartsWith("create ControllerRevision", StringComparison.Ordinal));
        Assert.DoesNotContain(_api.Calls, c => c.Contains("ControllerRevision", StringComparison.Ordinal) && !c.StartsWith("create", StringComparison.Ordinal));
        Assert.Equal(500, Pods.Count);
        Assert.All(Pods, p => Assert.Equal(hash, p.Metadata.Labels!["controller-revision-hash"]));
        Assert.Equal(500, Ds.Status!.UpdatedNumberScheduled);
    }

    [Fact]
    public async Task Sync_OldRevisionAPodStillCarries_IsKeptPastTheLimit()
    {
        Create(strategy: DaemonSetUpdateStrategyType.OnDelete);
        AddNodes(Node("n1"));
        await PassAsync();
        RunAll();
        var ds = KubeJson.Clone(Ds);
        ds.Spec!.Template!.Spec!.Containers[0].Image = "agent:2";
        ds.Spec.RevisionHistoryLimit = 0;
        _api.Put(ds);

        await PassAsync();

        Assert.Equal([1L, 2L], _api.All<ControllerRevision>().Select(r => r.Revision).Order());
        Assert.Equal("agent:1", Pods.Single().Spec.Containers[0].Image);
    }
}
