using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Scheduling;

/// <summary>The snapshot's cluster-wide indexes, kept as nodes and pods come and go, so plugins need not walk every node per pod.</summary>
public class ClusterSnapshotTests
{
    private static Pod AntiAffinityPod(string name) =>
        Build.Pod(name, labels: new() { ["app"] = "web" }, spec: s => s.Affinity = new Affinity
        {
            PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Build.Term("kubernetes.io/hostname", ("app", "web"))] },
        });

    private static Pod PreferredAffinityPod(string name) =>
        Build.Pod(name, spec: s => s.Affinity = new Affinity
        {
            PodAffinity = new PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = 5, PodAffinityTerm = Build.Term("zone", ("app", "web")) }] },
        });

    [Fact]
    public void NodesWithImage_FollowsNodesAddedUpdatedAndRemoved()
    {
        var snapshot = Build.Snapshot([
            Build.Node("a", images: [("nginx:1.27", 100)]),
            Build.Node("b", images: [("nginx:1.27", 120), ("redis", 50)]),
        ]);

        Assert.Equal(2, snapshot.NodesWithImage("nginx:1.27"));
        Assert.Equal(1, snapshot.NodesWithImage(ImageNames.Normalize("redis")));
        Assert.Equal([("a", 100L), ("b", 120L)], SizesByNode(snapshot, "nginx:1.27"));

        snapshot.AddOrUpdateNode(Build.Node("b", images: [("redis", 50)]));
        Assert.Equal(1, snapshot.NodesWithImage("nginx:1.27"));
        Assert.Equal([("a", 100L)], SizesByNode(snapshot, "nginx:1.27"));

        snapshot.RemoveNode("b");
        Assert.Equal(0, snapshot.NodesWithImage(ImageNames.Normalize("redis")));
        Assert.Null(snapshot.ImageSizesByNode(ImageNames.Normalize("redis")));
        Assert.Equal(1, snapshot.NodesWithImage("nginx:1.27"));
    }

    private static (string, long)[] SizesByNode(ClusterSnapshot snapshot, string image) =>
        [.. snapshot.ImageSizesByNode(image)!.Select(p => (p.Key.Name, p.Value)).OrderBy(p => p.Name, StringComparer.Ordinal)];

    [Fact]
    public void AffinityNodeLists_HoldExactlyTheNodesWithSuchPods()
    {
        var snapshot = Build.Snapshot([Build.Node("a"), Build.Node("b"), Build.Node("c")]);
        var a = snapshot.Get("a")!;
        var b = snapshot.Get("b")!;
        a.AddPod(new PodInfo(AntiAffinityPod("anti")));
        b.AddPod(new PodInfo(PreferredAffinityPod("pref")));
        snapshot.Get("c")!.AddPod(new PodInfo(Build.Pod("plain")));

        // Required anti-affinity repels (symmetry) but adds to no score; preferred terms score.
        Assert.Equal(["b"], snapshot.NodesWithScoringPods.Select(n => n.Name));
        Assert.Equal(["a"], snapshot.NodesWithRequiredAntiAffinityPods.Select(n => n.Name));

        // A second such pod, then removing one of two, keeps the node listed; removing the last drops it.
        a.AddPod(new PodInfo(AntiAffinityPod("anti-2")));
        a.RemovePod("default/anti");
        Assert.Equal(["a"], snapshot.NodesWithRequiredAntiAffinityPods.Select(n => n.Name));
        a.RemovePod("default/anti-2");
        Assert.Empty(snapshot.NodesWithRequiredAntiAffinityPods);
        Assert.Equal(["b"], snapshot.NodesWithScoringPods.Select(n => n.Name));

        snapshot.RemoveNode("b");
        Assert.Empty(snapshot.NodesWithScoringPods);
    }

    [Fact]
    public void ClonedNode_DoesNotChangeTheSnapshotsLists()
    {
        var snapshot = Build.Snapshot([Build.Node("a")]);
        var clone = snapshot.Get("a")!.Clone();

        clone.AddPod(new PodInfo(AntiAffinityPod("anti")));

        Assert.Empty(snapshot.NodesWithRequiredAntiAffinityPods);
    }

    [Fact]
    public void ExistingPodsAntiAffinity_StillRepels_WhenTheIncomingPodHasNoTermsOfItsOwn()
    {
        var snapshot = Build.Snapshot(
            [Build.Node("a", labels: new() { ["zone"] = "z1" }), Build.Node("b", labels: new() { ["zone"] = "z2" })],
            ("a", Build.Pod("guard", labels: new() { ["app"] = "guard" }, spec: s => s.Affinity = new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Build.Term("zone", ("app", "web"))] },
            })));
        var framework = new SchedulingFramework(Control.Scheduling.Configuration.PluginRegistry.DefaultProfile(), new Random(1));

        var result = framework.Schedule(new PodInfo(Build.Pod("web", labels: new() { ["app"] = "web" })), snapshot);

        Assert.Equal("b", result.NodeName);
    }

    [Fact]
    public void NodesWithControllerPods_HoldExactlyTheNodesWithThatControllersPods()
    {
        static Pod Owned(string name, string uid) =>
            Build.Pod(name) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = uid, Controller = true }] } };

        var snapshot = Build.Snapshot([Build.Node("a"), Build.Node("b"), Build.Node("c")]);
        snapshot.Get("a")!.AddPod(new PodInfo(Owned("p1", "rs-1")));
        snapshot.Get("a")!.AddPod(new PodInfo(Owned("p2", "rs-1")));
        snapshot.Get("b")!.AddPod(new PodInfo(Owned("p3", "rs-1")));
        snapshot.Get("c")!.AddPod(new PodInfo(Owned("p4", "rs-2")));
        snapshot.Get("c")!.AddPod(new PodInfo(Build.Pod("plain")));

        Assert.Equal(["a", "b"], snapshot.NodesWithControllerPods("rs-1").Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["c"], snapshot.NodesWithControllerPods("rs-2").Select(n => n.Name));
        Assert.Equal([("a", 2), ("b", 1)], PodsByNode("rs-1"));

        // One of two pods gone keeps the node; the last gone drops it; a removed node leaves every list.
        snapshot.Get("a")!.RemovePod("default/p1");
        Assert.Contains(snapshot.NodesWithControllerPods("rs-1"), n => n.Name == "a");
        Assert.Equal([("a", 1), ("b", 1)], PodsByNode("rs-1"));
        snapshot.Get("a")!.RemovePod("default/p2");
        Assert.Equal(["b"], snapshot.NodesWithControllerPods("rs-1").Select(n => n.Name));
        Assert.Equal([("b", 1)], PodsByNode("rs-1"));

        // A node updated (its labels may change) keeps its counts.
        snapshot.AddOrUpdateNode(Build.Node("b", labels: new() { ["zone"] = "z2" }));
        Assert.Equal([("b", 1)], PodsByNode("rs-1"));
        snapshot.RemoveNode("b");
        Assert.Empty(snapshot.NodesWithControllerPods("rs-1"));
        Assert.Null(snapshot.ControllerPodsByNode("rs-1"));
        Assert.Empty(snapshot.NodesWithControllerPods("unknown"));

        (string, int)[] PodsByNode(string uid) =>
            [.. snapshot.ControllerPodsByNode(uid)!.Select(p => (p.Key.Name, p.Value)).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    [Fact]
    public void LabelValue_ReadsHostnameAndZoneFromTheNodeAsUpdated()
    {
        var snapshot = Build.Snapshot([Build.Node("a", labels: new() { [ClusterSnapshot.ZoneLabel] = "z1", ["rack"] = "r1" })]);
        var node = snapshot.Get("a")!;
        Assert.Equal("z1", node.LabelValue(ClusterSnapshot.ZoneLabel));
        Assert.Equal("r1", node.LabelValue("rack"));
        Assert.Null(node.LabelValue("missing"));

        snapshot.AddOrUpdateNode(Build.Node("a", labels: new() { [ClusterSnapshot.ZoneLabel] = "z2" }));
        Assert.Equal("z2", node.LabelValue(ClusterSnapshot.ZoneLabel));
        Assert.Equal("a", node.LabelValue(ClusterSnapshot.HostnameLabel));
        Assert.Null(node.LabelValue("rack"));

        snapshot.AddOrUpdateNode(Build.Node("a"));
        Assert.Null(node.LabelValue(ClusterSnapshot.ZoneLabel));
    }

    [Fact]
    public void HasPodByNamespaceAndName_AgreesWithTheKey()
    {
        var snapshot = Build.Snapshot([Build.Node("n")], ("n", Build.Pod("web-1", ns: "shop")));
        var node = snapshot.Get("n")!;

        Assert.True(node.HasPod("shop", "web-1"));
        Assert.False(node.HasPod("shop", "web-2"));
        Assert.False(node.HasPod("other", "web-1"));
        Assert.False(node.HasPod(null, "web-1"));
        Assert.True(node.HasPod("shop", "web-1") == node.HasPod(PodInfo.KeyOf("shop", "web-1")));
    }

    [Fact]
    public void ControllerPodsInZone_FollowPodsAndNodesAddedRelabelledAndRemoved()
    {
        static Pod Owned(string name, string uid, bool terminating = false) =>
            Build.Pod(name) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", DeletionTimestamp = terminating ? DateTimeOffset.UnixEpoch : null, OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = uid, Controller = true }] } };
        static Node InZone(string name, string? zone) => Build.Node(name, labels: zone is null ? null : new() { [ClusterSnapshot.ZoneLabel] = zone });

        var snapshot = Build.Snapshot([InZone("a1", "a"), InZone("a2", "a"), InZone("b1", "b"), InZone("none", null)]);
        snapshot.Get("a1")!.AddPod(new PodInfo(Owned("p1", "rs-1")));
        snapshot.Get("a2")!.AddPod(new PodInfo(Owned("p2", "rs-1")));
        snapshot.Get("a2")!.AddPod(new PodInfo(Owned("p3", "rs-1", terminating: true)));
        snapshot.Get("b1")!.AddPod(new PodInfo(Owned("p4", "rs-1")));
        snapshot.Get("b1")!.AddPod(new PodInfo(Owned("p5", "rs-2")));
        snapshot.Get("none")!.AddPod(new PodInfo(Owned("p6", "rs-1")));
        Assert.Equal((2, 1, 1), (snapshot.ControllerPodsInZone("rs-1", "a"), snapshot.ControllerPodsInZone("rs-1", "b"), snapshot.ControllerPodsInZone("rs-2", "b")));

        // A node moving zone takes its pods along; a node gaining a zone brings them in; a removed node and pod leave.
        snapshot.AddOrUpdateNode(InZone("a2", "b"));
        snapshot.AddOrUpdateNode(InZone("none", "a"));
        Assert.Equal((2, 2), (snapshot.ControllerPodsInZone("rs-1", "a"), snapshot.ControllerPodsInZone("rs-1", "b")));
        snapshot.RemoveNode("b1");
        snapshot.Get("a1")!.RemovePod("default/p1");
        snapshot.Get("a2")!.RemovePod("default/p3");
        Assert.Equal((1, 1, 0), (snapshot.ControllerPodsInZone("rs-1", "a"), snapshot.ControllerPodsInZone("rs-1", "b"), snapshot.ControllerPodsInZone("rs-2", "b")));
    }
}
