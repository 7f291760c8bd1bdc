using OrleansKube.Control.Workloads.DaemonSets;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>Two general nodes and one edge node (role=edge), on a cluster of their own: these tests add nodes.</summary>
public sealed class DaemonSetFixture : ClusterFixture
{
    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "daemons",
        Pools =
        [
            new NodePool { Name = "general", Count = 2, Images = Helpers.PrePulledImages, Capacity = new() { ["cpu"] = Quantity.Parse("2"), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") } },
            new NodePool { Name = "edge", Count = 1, Labels = new() { ["role"] = "edge" }, Images = Helpers.PrePulledImages, Capacity = new() { ["cpu"] = Quantity.Parse("2"), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") } },
        ],
    };
}

public sealed class DaemonSetTests(DaemonSetFixture cluster) : IClassFixture<DaemonSetFixture>
{
    private static DaemonSet DaemonSet(string ns, string name, Dictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new DaemonSetSpec
        {
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec { NodeSelector = nodeSelector, Containers = [new Container { Name = "agent", Image = "busybox:1.36" }] },
            },
        },
    };

    private async Task<DaemonSet> GetAsync(string ns, string name) => (DaemonSet)(await cluster.Api.GetAsync("DaemonSet", ns, name))!;

    [Fact]
    public async Task DaemonSet_LandsOnePodOnEveryEligibleNode_AndFollowsNodesAdded()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "daemons");
        await cluster.Api.ApplyAsync([DaemonSet(ns, "everywhere"), DaemonSet(ns, "edge-only", new() { ["role"] = "edge" })], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "everywhere")).Status?.NumberAvailable == 3 && (await GetAsync(ns, "edge-only")).Status?.NumberAvailable == 1,
            "the daemon pods run");
        var pods = await WorkloadTests.ListAsync<Pod>(cluster, ns, "app=everywhere");
        Assert.Equal(["edge-1", "general-1", "general-2"], pods.Select(p => p.Spec.NodeName!).Order());
        Assert.All(pods, p => Assert.Equal(p.Spec.NodeName, DaemonPods.TargetNode(p with { Spec = p.Spec with { NodeName = null } })));
        Assert.Equal("edge-1", (await WorkloadTests.ListAsync<Pod>(cluster, ns, "app=edge-only")).Single().Spec.NodeName);

        var add = await Helpers.OkctlAsync(cluster, "sim", "nodes", "add", "--pool", "edge");
        Assert.Equal("node/edge-2 created\n", add.Out);

        await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "edge-only")).Status?.NumberAvailable == 2 && (await GetAsync(ns, "everywhere")).Status?.NumberAvailable == 4,
            "the new node gets both daemons");
        Assert.Equal(["edge-1", "edge-2"], (await WorkloadTests.ListAsync<Pod>(cluster, ns, "app=edge-only")).Select(p => p.Spec.NodeName!).Order());
        var get = await Helpers.OkctlAsync(cluster, "get", "ds", "-n", ns);
        Assert.Matches(@"^NAME +DESIRED +CURRENT +READY +UP-TO-DATE +AVAILABLE +NODE SELECTOR +AGE\nedge-only +2 +2 +2 +2 +2 +role=edge +\d+s\neverywhere +4 +4 +4 +4 +4 +<none> +\d+s\n$", get.Out);

        await Helpers.OkctlAsync(cluster, "label", "node", "edge-2", "role-");
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns, "app=edge-only")).Select(p => p.Spec.NodeName).SequenceEqual(["edge-1"]),
            "the node that lost the label loses its pod");
    }
}
