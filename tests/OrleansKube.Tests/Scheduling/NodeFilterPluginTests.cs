using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.NodeAffinity;
using OrleansKube.Control.Scheduling.Plugins.NodeName;
using OrleansKube.Control.Scheduling.Plugins.NodeResourcesBalancedAllocation;
using OrleansKube.Control.Scheduling.Plugins.NodeUnschedulable;
using OrleansKube.Control.Scheduling.Plugins.TaintToleration;

namespace OrleansKube.Tests.Scheduling;

public class NodeFilterPluginTests
{
    private static readonly Node Labelled = Build.Node("n", labels: new() { ["zone"] = "a", ["disk"] = "ssd", ["cores"] = "8" });

    private static NodeSelectorRequirement Req(string key, NodeSelectorOperator op, params string[] values) => new() { Key = key, Operator = op, Values = [.. values] };

    private static Action<PodSpec> Required(params NodeSelectorRequirement[][] terms) => s => s.Affinity = new Affinity
    {
        NodeAffinity = new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector { NodeSelectorTerms = [.. terms.Select(t => new NodeSelectorTerm { MatchExpressions = [.. t] })] } },
    };

    public sealed record AffinityCase(string Sentence, Action<PodSpec> Spec, bool Fits)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<AffinityCase> AffinityCases() =>
    [
        new AffinityCase("a matching nodeSelector fits", s => s.NodeSelector = new() { ["zone"] = "a", ["disk"] = "ssd" }, true),
        new AffinityCase("every nodeSelector label must match", s => s.NodeSelector = new() { ["zone"] = "a", ["disk"] = "hdd" }, false),
        new AffinityCase("In matches a listed value", Required([Req("zone", NodeSelectorOperator.In, "a", "b")]), true),
        new AffinityCase("NotIn rejects a listed value", Required([Req("zone", NodeSelectorOperator.NotIn, "a")]), false),
        new AffinityCase("Exists needs the label", Required([Req("gpu", NodeSelectorOperator.Exists)]), false),
        new AffinityCase("DoesNotExist needs it absent", Required([Req("gpu", NodeSelectorOperator.DoesNotExist)]), true),
        new AffinityCase("Gt compares as integers", Required([Req("cores", NodeSelectorOperator.Gt, "4")]), true),
        new AffinityCase("Lt compares as integers", Required([Req("cores", NodeSelectorOperator.Lt, "4")]), false),
        new AffinityCase("expressions in a term are ANDed", Required([Req("zone", NodeSelectorOperator.In, "a"), Req("disk", NodeSelectorOperator.In, "hdd")]), false),
        new AffinityCase("terms are ORed", Required([Req("zone", NodeSelectorOperator.In, "b")], [Req("disk", NodeSelectorOperator.In, "ssd")]), true),
        new AffinityCase("nodeSelector and affinity must both hold", s => { Required([Req("zone", NodeSelectorOperator.In, "a")])(s); s.NodeSelector = new() { ["disk"] = "hdd" }; }, false),
    ];

    [Theory]
    [MemberData(nameof(AffinityCases))]
    public void NodeAffinity_Filter_FollowsSelectorAndRequiredTerms(AffinityCase c)
    {
        var status = Build.Filter(new NodeAffinityPlugin(), Build.Pod(spec: c.Spec), Build.Snapshot([Labelled]), "n");

        Assert.Equal(c.Fits ? StatusCode.Success : StatusCode.UnschedulableAndUnresolvable, status.Code);
        if (!c.Fits)
        {
            Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], status.Reasons);
        }
    }

    [Fact]
    public void NodeAffinity_Score_WeightedPreferencesNormaliseToTheBest()
    {
        var snapshot = Build.Snapshot(
        [
            Build.Node("dev", labels: new() { ["env"] = "dev" }),
            Build.Node("eng", labels: new() { ["team"] = "engineering" }),
            Build.Node("both", labels: new() { ["env"] = "dev", ["team"] = "engineering" }),
            Build.Node("none"),
        ]);
        var pod = Build.Pod(spec: s => s.Affinity = new Affinity
        {
            NodeAffinity = new NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new PreferredSchedulingTerm { Weight = 5, Preference = new NodeSelectorTerm { MatchExpressions = [Req("env", NodeSelectorOperator.In, "dev")] } },
                    new PreferredSchedulingTerm { Weight = 1, Preference = new NodeSelectorTerm { MatchExpressions = [Req("team", NodeSelectorOperator.In, "engineering")] } },
                ],
            },
        });

        var scores = Build.Scores(new NodeAffinityPlugin(), pod, snapshot);

        // Raw 5, 1, 6, 0 ⇒ scaled by 100/6.
        Assert.Equal(new Dictionary<string, long> { ["dev"] = 83, ["eng"] = 16, ["both"] = 100, ["none"] = 0 }, scores);
    }

    public sealed record TaintCase(string Sentence, Taint Taint, Toleration[] Tolerations, bool Fits)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<TaintCase> TaintCases() =>
    [
        new TaintCase("an untolerated NoSchedule taint rejects", Build.Taint("gpu", "true", TaintEffect.NoSchedule), [], false),
        new TaintCase("an untolerated NoExecute taint rejects", Build.Taint("gpu", "true", TaintEffect.NoExecute), [], false),
        new TaintCase("PreferNoSchedule never rejects", Build.Taint("gpu", "true", TaintEffect.PreferNoSchedule), [], true),
        new TaintCase("Equal with the same value tolerates", Build.Taint("gpu", "true", TaintEffect.NoSchedule), [Build.Toleration("gpu", TolerationOperator.Equal, "true", TaintEffect.NoSchedule)], true),
        new TaintCase("Equal with another value does not", Build.Taint("gpu", "true", TaintEffect.NoSchedule), [Build.Toleration("gpu", TolerationOperator.Equal, "false", TaintEffect.NoSchedule)], false),
        new TaintCase("Exists tolerates any value of the key", Build.Taint("gpu", "anything", TaintEffect.NoSchedule), [Build.Toleration("gpu", TolerationOperator.Exists)], true),
        new TaintCase("a toleration for another effect does not apply", Build.Taint("gpu", "true", TaintEffect.NoExecute), [Build.Toleration("gpu", TolerationOperator.Exists, effect: TaintEffect.NoSchedule)], false),
        new TaintCase("an empty key with Exists tolerates everything", Build.Taint("gpu", "true", TaintEffect.NoExecute), [Build.Toleration(null, TolerationOperator.Exists)], true),
    ];

    [Theory]
    [MemberData(nameof(TaintCases))]
    public void TaintToleration_Filter_FollowsEffectsAndOperators(TaintCase c)
    {
        var snapshot = Build.Snapshot([Build.Node("n", taints: [c.Taint])]);

        var status = Build.Filter(new TaintTolerationPlugin(), Build.Pod(spec: s => s.Tolerations = [.. c.Tolerations]), snapshot, "n");

        Assert.Equal(c.Fits, status.IsSuccess);
        if (!c.Fits)
        {
            Assert.Equal([$"node(s) had untolerated taint {{{c.Taint.Key}: {c.Taint.Value}}}"], status.Reasons);
        }
    }

    [Fact]
    public void TaintToleration_Score_FewerPreferNoScheduleTaintsIsBetter()
    {
        var snapshot = Build.Snapshot(
        [
            Build.Node("clean"),
            Build.Node("one", taints: [Build.Taint("a", "1", TaintEffect.PreferNoSchedule)]),
            Build.Node("two", taints: [Build.Taint("a", "1", TaintEffect.PreferNoSchedule), Build.Taint("b", "1", TaintEffect.PreferNoSchedule)]),
            Build.Node("tolerated", taints: [Build.Taint("t", "1", TaintEffect.PreferNoSchedule)]),
        ]);
        var pod = Build.Pod(spec: s => s.Tolerations = [Build.Toleration("t", TolerationOperator.Exists, effect: TaintEffect.PreferNoSchedule)]);

        var scores = Build.Scores(new TaintTolerationPlugin(), pod, snapshot);

        Assert.Equal(new Dictionary<string, long> { ["clean"] = 100, ["one"] = 50, ["two"] = 0, ["tolerated"] = 100 }, scores);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("n", true)]
    [InlineData("other", false)]
    public void NodeName_Filter_OnlyTheNamedNode(string? nodeName, bool fits)
    {
        var status = Build.Filter(new NodeNamePlugin(), Build.Pod(spec: s => s.NodeName = nodeName), Build.Snapshot([Build.Node("n")]), "n");

        Assert.Equal(fits, status.IsSuccess);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void NodeUnschedulable_Filter_CordonedNodesTakeOnlyTolerantPods(bool cordoned, bool tolerates, bool fits)
    {
        var pod = Build.Pod(spec: s => s.Tolerations = tolerates ? [Build.Toleration("node.kubernetes.io/unschedulable", TolerationOperator.Exists, effect: TaintEffect.NoSchedule)] : null);

        var status = Build.Filter(new NodeUnschedulablePlugin(), pod, Build.Snapshot([Build.Node("n", unschedulable: cordoned)]), "n");

        Assert.Equal(fits, status.IsSuccess);
    }

    [Fact]
    public void BalancedAllocation_Score_EqualFractionsScoreHighest()
    {
        var snapshot = Build.Snapshot([Build.Node("balanced"), Build.Node("skewed")], ("skewed", Build.Pod("a", cpu: "3")));

        var scores = Build.Scores(new NodeResourcesBalancedAllocationPlugin(), Build.Pod(cpu: "1", memory: "2Gi"), snapshot);

        // balanced: 1/4 cpu, 2/8 memory ⇒ std 0 ⇒ 100; skewed: 4/4 cpu, 2/8 memory ⇒ std 0.375 ⇒ 62.
        Assert.Equal((100L, 62L), (scores["balanced"], scores["skewed"]));
    }
}
