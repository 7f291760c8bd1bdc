using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;

namespace OrleansKube.Tests.Scheduling;

public class NodeResourcesFitTests
{
    public sealed record FilterCase(string Sentence, Pod Pod, Pod[] Placed, StatusCode Code, string[] Reasons, Dictionary<string, string>? NodeExtra = null)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<FilterCase> FilterCases() =>
    [
        new FilterCase("a pod within free cpu and memory fits", Build.Pod(cpu: "1", memory: "1Gi"), [Build.Pod("a", cpu: "2", memory: "4Gi")], StatusCode.Success, []),
        new FilterCase("a pod asking more cpu than is free does not fit", Build.Pod(cpu: "3"), [Build.Pod("a", cpu: "2")], StatusCode.Unschedulable, ["Insufficient cpu"]),
        new FilterCase("every short resource is a reason", Build.Pod(cpu: "3", memory: "6Gi"), [Build.Pod("a", cpu: "2", memory: "4Gi")], StatusCode.Unschedulable, ["Insufficient cpu", "Insufficient memory"]),
        new FilterCase("more than the whole node cannot be helped by eviction", Build.Pod(cpu: "5"), [], StatusCode.UnschedulableAndUnresolvable, ["Insufficient cpu"]),
        new FilterCase("the pod count is a limit too", Build.Pod(), [Build.Pod("a"), Build.Pod("b")], StatusCode.Unschedulable, ["Too many pods"]),
        new FilterCase("a GPU pod needs a node with a free GPU", Build.Pod(extra: new() { ["nvidia.com/gpu"] = "1" }), [], StatusCode.UnschedulableAndUnresolvable, ["Insufficient nvidia.com/gpu"]),
        new FilterCase("a GPU pod fits where a GPU is free", Build.Pod(extra: new() { ["nvidia.com/gpu"] = "1" }), [Build.Pod("a", extra: new() { ["nvidia.com/gpu"] = "1" })], StatusCode.Success, [], new() { ["nvidia.com/gpu"] = "2" }),
        new FilterCase("the second GPU pod finds none free", Build.Pod(extra: new() { ["nvidia.com/gpu"] = "1" }), [Build.Pod("a", extra: new() { ["nvidia.com/gpu"] = "1" })], StatusCode.Unschedulable, ["Insufficient nvidia.com/gpu"], new() { ["nvidia.com/gpu"] = "1" }),
        new FilterCase("a node short of room for pods and of cpu gives both, pods first", Build.Pod(cpu: "3"), [Build.Pod("a", cpu: "1"), Build.Pod("b", cpu: "1")], StatusCode.Unschedulable, ["Too many pods", "Insufficient cpu"]),
        new FilterCase("an extended resource short comes after cpu", Build.Pod(cpu: "3", extra: new() { ["nvidia.com/gpu"] = "1" }), [Build.Pod("a", cpu: "2")], StatusCode.UnschedulableAndUnresolvable, ["Insufficient cpu", "Insufficient nvidia.com/gpu"]),
        new FilterCase("a pod asking nothing fits a full node", Build.Pod(), [Build.Pod("a", cpu: "4")], StatusCode.Success, []),
        new FilterCase("the largest init container counts when it exceeds the containers' sum", Build.Pod(cpu: "1", spec: s => s.InitContainers = [new Container { Name = "init", Image = "busybox", Resources = new() { Requests = new() { ["cpu"] = Quantity.Parse("3") } } }]),
            [Build.Pod("a", cpu: "2")], StatusCode.Unschedulable, ["Insufficient cpu"]),
        new FilterCase("a small init container does not add to the containers' sum", Build.Pod(cpu: "2", spec: s => s.InitContainers = [new Container { Name = "init", Image = "busybox", Resources = new() { Requests = new() { ["cpu"] = Quantity.Parse("1") } } }]),
            [Build.Pod("a", cpu: "2")], StatusCode.Success, []),
        new FilterCase("a pod's overhead adds to its requests", Build.Pod(cpu: "2", spec: s => s.Overhead = new() { ["cpu"] = Quantity.Parse("500m") }),
            [Build.Pod("a", cpu: "2")], StatusCode.Unschedulable, ["Insufficient cpu"]),
        new FilterCase("a sidecar's requests add to the containers' sum", Build.Pod(cpu: "2", spec: s => s.InitContainers = [Sidecar("proxy", "1")]),
            [Build.Pod("a", cpu: "2")], StatusCode.Unschedulable, ["Insufficient cpu"]),
        new FilterCase("an init container after a sidecar needs room beside it", Build.Pod(cpu: "1", spec: s => s.InitContainers = [Sidecar("proxy", "1"), Init("setup", "2")]),
            [Build.Pod("a", cpu: "1")], StatusCode.Success, []),
        new FilterCase("an init container after a sidecar that does not fit beside it is refused", Build.Pod(cpu: "1", spec: s => s.InitContainers = [Sidecar("proxy", "1"), Init("setup", "3")]),
            [Build.Pod("a", cpu: "1")], StatusCode.Unschedulable, ["Insufficient cpu"]),
    ];

    private static Container Init(string name, string cpu) =>
        new() { Name = name, Image = "busybox", Resources = new() { Requests = new() { ["cpu"] = Quantity.Parse(cpu) } } };

    private static Container Sidecar(string name, string cpu) => Init(name, cpu) with { RestartPolicy = ContainerRestartPolicy.Always };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter_PodRequests_AgainstFreeResources(FilterCase c)
    {
        var node = Build.Node("n", cpu: "4", memory: "8Gi", pods: "2", extra: c.NodeExtra);
        var snapshot = Build.Snapshot([node], [.. c.Placed.Select(p => ("n", p))]);

        var status = Build.Filter(new NodeResourcesFitPlugin(), c.Pod, snapshot, "n");

        Assert.Equal(c.Code, status.Code);
        Assert.Equal(c.Reasons, status.Reasons);
    }

    public sealed record ScoreCase(string Sentence, ScoringStrategyType Strategy, long Expected)
    {
        public override string ToString() => Sentence;
    }

    // Node: 4 cpu, 8Gi; placed 1 cpu, 2Gi; pod 1 cpu, 2Gi ⇒ requested 2 cpu (50 %), 4Gi (50 %).
    public static TheoryData<ScoreCase> ScoreCases() =>
    [
        new ScoreCase("least allocated scores the free half", ScoringStrategyType.LeastAllocated, 50),
        new ScoreCase("most allocated scores the used half", ScoringStrategyType.MostAllocated, 50),
        new ScoreCase("requested-to-capacity follows the shape (0→0, 100→10)", ScoringStrategyType.RequestedToCapacityRatio, 50),
    ];

    [Theory]
    [MemberData(nameof(ScoreCases))]
    public void Score_Strategy_ComputesUpstreamFormula(ScoreCase c)
    {
        var snapshot = Build.Snapshot([Build.Node("n")], ("n", Build.Pod("a", cpu: "1", memory: "2Gi")));

        var scores = Build.Scores(new NodeResourcesFitPlugin(new ScoringStrategy { Type = c.Strategy }), Build.Pod(cpu: "1", memory: "2Gi"), snapshot);

        Assert.Equal(c.Expected, scores["n"]);
    }

    [Fact]
    public void Score_LeastAllocated_PrefersTheEmptierNode_MostAllocatedTheFuller()
    {
        var snapshot = Build.Snapshot([Build.Node("busy"), Build.Node("idle")], ("busy", Build.Pod("a", cpu: "3", memory: "6Gi")));
        var pod = Build.Pod(cpu: "500m", memory: "1Gi");

        var least = Build.Scores(new NodeResourcesFitPlugin(), pod, snapshot);
        var most = Build.Scores(new NodeResourcesFitPlugin(new ScoringStrategy { Type = ScoringStrategyType.MostAllocated }), pod, snapshot);

        Assert.True(least["idle"] > least["busy"]);
        Assert.True(most["busy"] > most["idle"]);
        // busy: cpu (4000-3500)*100/4000 = 12, memory (8-7)/8 = 12 ⇒ 12; idle: 87 and 87 ⇒ 87.
        Assert.Equal((12L, 87L), (least["busy"], least["idle"]));
    }

    [Fact]
    public void Score_PodWithoutRequests_CountsUpstreamDefaults()
    {
        var snapshot = Build.Snapshot([Build.Node("n", cpu: "1", memory: "1000Mi")]);

        var scores = Build.Scores(new NodeResourcesFitPlugin(), Build.Pod(), snapshot);

        // 100m of 1000m leaves 90; 200Mi of 1000Mi leaves 80 ⇒ (90 + 80) / 2.
        Assert.Equal(85, scores["n"]);
    }

    [Fact]
    public void Filter_NodesShortOfTheSame_RejectWithOneStatusNamingThePlugin()
    {
        var snapshot = Build.Snapshot([Build.Node("a", cpu: "1"), Build.Node("b", cpu: "1"), Build.Node("c", cpu: "1", memory: "1Gi")]);
        var plugin = new NodeResourcesFitPlugin();
        var state = new CycleState();
        var pod = new PodInfo(Build.Pod(cpu: "2", memory: "2Gi"));

        var onA = plugin.Filter(state, pod, snapshot.Get("a")!);
        var onB = plugin.Filter(state, pod, snapshot.Get("b")!);
        var onC = plugin.Filter(state, pod, snapshot.Get("c")!);

        // The diagnosis counts runs of one status instance; a new status per node would cost an allocation each.
        Assert.Same(onA, onB);
        Assert.Equal(NodeResourcesFitPlugin.PluginName, onA.Plugin);
        Assert.Equal(["Insufficient cpu"], onA.Reasons);
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], onC.Reasons);
    }
}
