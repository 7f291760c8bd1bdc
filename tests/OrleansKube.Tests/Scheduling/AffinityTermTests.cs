using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Scheduling;

public class AffinityTermTests
{
    private static NodeInfo NodeWith(params Pod[] pods)
    {
        var node = new NodeInfo(Build.Node("n"));
        foreach (var pod in pods)
        {
            node.AddPod(new PodInfo(pod));
        }

        return node;
    }

    [Fact]
    public void SingleLabelTerm_CountsFromLabelCounts_OnlyInItsNamespaces_AndForgetsRemovedPods()
    {
        var node = NodeWith(
            Build.Pod("a", labels: new() { ["app"] = "web" }, ns: "shop"),
            Build.Pod("b", labels: new() { ["app"] = "web" }, ns: "shop"),
            Build.Pod("c", labels: new() { ["app"] = "web" }, ns: "other"),
            Build.Pod("d", labels: new() { ["app"] = "db" }, ns: "shop"));
        var term = new AffinityTerm(Build.Term("kubernetes.io/hostname", ("app", "web")), "shop");

        Assert.Equal(2, term.CountOn(node));
        node.RemovePod("shop/a");
        Assert.Equal(1, term.CountOn(node));
    }

    [Fact]
    public void InSingleValueExpression_CountsLikeMatchLabels()
    {
        var node = NodeWith(Build.Pod("a", labels: new() { ["app"] = "web" }));
        var term = new AffinityTerm(
            new PodAffinityTerm
            {
                TopologyKey = "kubernetes.io/hostname",
                LabelSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = LabelSelectorOperator.In, Values = ["web"] }] },
            },
            "default");

        Assert.Equal(1, term.CountOn(node));
    }

    [Fact]
    public void MultiLabelOrNamespaceSelectorTerms_AreCountedPodByPod()
    {
        var node = NodeWith(Build.Pod("a", labels: new() { ["app"] = "web", ["tier"] = "front" }));
        var twoLabels = new AffinityTerm(Build.Term("kubernetes.io/hostname", ("app", "web"), ("tier", "front")), "default");
        var anyNamespace = new AffinityTerm(
            new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } }, NamespaceSelector = new LabelSelector() },
            "default");

        Assert.Null(twoLabels.CountOn(node));
        Assert.Null(anyNamespace.CountOn(node));
        Assert.True(twoLabels.Matches(node.Pods.Single().Pod, null));
    }
}
