using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.ImageLocality;
using OrleansKube.Control.Scheduling.Plugins.InterPodAffinity;
using OrleansKube.Control.Scheduling.Plugins.PodTopologySpread;
using OrleansKube.Control.Scheduling.Plugins.SelectorSpread;

namespace OrleansKube.Tests.Scheduling;

public class PodPlacementPluginTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Host = "kubernetes.io/hostname";

    private static readonly Node[] TwoZones =
    [
        Build.Node("a1", labels: new() { [Zone] = "a" }),
        Build.Node("a2", labels: new() { [Zone] = "a" }),
        Build.Node("b1", labels: new() { [Zone] = "b" }),
    ];

    private static Action<PodSpec> AntiAffinity(PodAffinityTerm term) => s => s.Affinity = new Affinity { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } };

    private static Action<PodSpec> Affinity(PodAffinityTerm term) => s => s.Affinity = new Affinity { PodAffinity = new PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } };

    private static Dictionary<string, bool> FilterAll(IFilterPlugin plugin, Pod pod, ClusterSnapshot snapshot) =>
        snapshot.Nodes.ToDictionary(n => n.Name, n => Build.Filter(plugin, pod, snapshot, n.Name).IsSuccess);

    [Fact]
    public void InterPodAffinity_RequiredAntiAffinityOnHostname_AvoidsNodesWithAMatchingPod()
    {
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("web-0", labels: new() { ["app"] = "web" })));
        var pod = Build.Pod("web-1", labels: new() { ["app"] = "web" }, spec: AntiAffinity(Build.Term(Host, ("app", "web"))));

        Assert.Equal(new Dictionary<string, bool> { ["a1"] = false, ["a2"] = true, ["b1"] = true }, FilterAll(new InterPodAffinityPlugin(), pod, snapshot));
        Assert.Equal(["node(s) didn't match pod anti-affinity rules"], Build.Filter(new InterPodAffinityPlugin(), pod, snapshot, "a1").Reasons);
    }

    [Fact]
    public void InterPodAffinity_ExistingPodsAntiAffinity_RepelsTheIncomingPod()
    {
        var guard = Build.Pod("guard", labels: new() { ["app"] = "db" }, spec: AntiAffinity(Build.Term(Zone, ("app", "web"))));
        var snapshot = Build.Snapshot(TwoZones, ("a1", guard));

        var fits = FilterAll(new InterPodAffinityPlugin(), Build.Pod("web", labels: new() { ["app"] = "web" }), snapshot);

        // Symmetry: the db pod's zone-wide anti-affinity keeps the web pod out of zone a entirely.
        Assert.Equal(new Dictionary<string, bool> { ["a1"] = false, ["a2"] = false, ["b1"] = true }, fits);
        Assert.Equal(["node(s) didn't satisfy existing pods anti-affinity rules"], Build.Filter(new InterPodAffinityPlugin(), Build.Pod("web", labels: new() { ["app"] = "web" }), snapshot, "a2").Reasons);
    }

    [Fact]
    public void InterPodAffinity_ExistingPodsHostnameAntiAffinity_RepelsOnlyFromItsOwnNode()
    {
        var guard = Build.Pod("guard", labels: new() { ["app"] = "db" }, spec: AntiAffinity(Build.Term(Host, ("app", "web"))));
        var snapshot = Build.Snapshot(TwoZones, ("a1", guard));

        var fits = FilterAll(new InterPodAffinityPlugin(), Build.Pod("web", labels: new() { ["app"] = "web" }), snapshot);

        Assert.Equal(new Dictionary<string, bool> { ["a1"] = false, ["a2"] = true, ["b1"] = true }, fits);
    }

    /// <summary>A hostname label is a topology domain like any other: two nodes sharing a value are one domain.</summary>
    [Fact]
    public void InterPodAffinity_NodesSharingAHostnameValue_AreOneDomain()
    {
        Node Shared(string name) => new()
        {
            Metadata = new ObjectMeta { Name = name, Labels = new() { [Host] = "shared" } },
            Status = new NodeStatus { Allocatable = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110") } },
        };
        var guard = Build.Pod("guard", labels: new() { ["app"] = "db" }, spec: AntiAffinity(Build.Term(Host, ("app", "web"))));
        var snapshot = Build.Snapshot([Shared("s1"), Shared("s2"), Build.Node("own")], ("s1", guard), ("s1", Build.Pod("web-0", labels: new() { ["app"] = "web" })));
        var incoming = Build.Pod("web-1", labels: new() { ["app"] = "web" }, spec: AntiAffinity(Build.Term(Host, ("app", "web"))));

        Assert.False(snapshot.HostnamesAreUnique);
        Assert.Equal(new Dictionary<string, bool> { ["s1"] = false, ["s2"] = false, ["own"] = true }, FilterAll(new InterPodAffinityPlugin(), incoming, snapshot));
        Assert.Equal(new Dictionary<string, bool> { ["s1"] = false, ["s2"] = false, ["own"] = true }, FilterAll(new InterPodAffinityPlugin(), Build.Pod("plain", labels: new() { ["app"] = "web" }), snapshot));
    }

    [Fact]
    public void InterPodAffinity_RequiredAffinityOnZone_FollowsTheMatchingPodsZone()
    {
        var snapshot = Build.Snapshot(TwoZones, ("b1", Build.Pod("cache", labels: new() { ["app"] = "cache" })));
        var pod = Build.Pod("web", spec: Affinity(Build.Term(Zone, ("app", "cache"))));

        Assert.Equal(new Dictionary<string, bool> { ["a1"] = false, ["a2"] = false, ["b1"] = true }, FilterAll(new InterPodAffinityPlugin(), pod, snapshot));
    }

    [Fact]
    public void InterPodAffinity_FirstPodOfASelfAffineGroup_IsAllowedAnywhere()
    {
        var pod = Build.Pod("first", labels: new() { ["app"] = "group" }, spec: Affinity(Build.Term(Zone, ("app", "group"))));

        Assert.All(FilterAll(new InterPodAffinityPlugin(), pod, Build.Snapshot(TwoZones)).Values, Assert.True);
    }

    [Fact]
    public void InterPodAffinity_AffinityToAMissingPod_FitsNowhere()
    {
        var pod = Build.Pod("lonely", spec: Affinity(Build.Term(Zone, ("app", "absent"))));

        Assert.All(FilterAll(new InterPodAffinityPlugin(), pod, Build.Snapshot(TwoZones)).Values, Assert.False);
    }

    [Fact]
    public void InterPodAffinity_TermsLookInThePodsOwnNamespaceUnlessTold()
    {
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("web-0", labels: new() { ["app"] = "web" }, ns: "other")));
        var sameNamespace = Build.Pod("web-1", spec: AntiAffinity(Build.Term(Host, ("app", "web"))));
        var listed = Build.Pod("web-2", spec: AntiAffinity(Build.Term(Host, ("app", "web")) with { Namespaces = ["other"] }));

        Assert.True(Build.Filter(new InterPodAffinityPlugin(), sameNamespace, snapshot, "a1").IsSuccess);
        Assert.False(Build.Filter(new InterPodAffinityPlugin(), listed, snapshot, "a1").IsSuccess);
    }

    [Fact]
    public void InterPodAffinity_Score_PreferredAffinityAttractsAndAntiAffinityRepels()
    {
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("cache", labels: new() { ["app"] = "cache" })));
        var attracted = Build.Pod("web", spec: s => s.Affinity = new Affinity
        {
            PodAffinity = new PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = 10, PodAffinityTerm = Build.Term(Zone, ("app", "cache")) }] },
        });
        var repelled = Build.Pod("web", spec: s => s.Affinity = new Affinity
        {
            PodAntiAffinity = new PodAntiAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = 10, PodAffinityTerm = Build.Term(Zone, ("app", "cache")) }] },
        });

        Assert.Equal(new Dictionary<string, long> { ["a1"] = 100, ["a2"] = 100, ["b1"] = 0 }, Build.Scores(new InterPodAffinityPlugin(), attracted, snapshot));
        Assert.Equal(new Dictionary<string, long> { ["a1"] = 0, ["a2"] = 0, ["b1"] = 100 }, Build.Scores(new InterPodAffinityPlugin(), repelled, snapshot));
    }

    private static Action<PodSpec> Spread(int maxSkew, string key, UnsatisfiableConstraintAction action, int? minDomains = null) => s => s.TopologySpreadConstraints =
    [
        new TopologySpreadConstraint { MaxSkew = maxSkew, TopologyKey = key, WhenUnsatisfiable = action, MinDomains = minDomains, LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } },
    ];

    [Fact]
    public void PodTopologySpread_DoNotSchedule_RejectsDomainsThatWouldExceedMaxSkew()
    {
        var web = new Dictionary<string, string> { ["app"] = "web" };
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("w0", labels: web)), ("a2", Build.Pod("w1", labels: web)));
        var pod = Build.Pod("w2", labels: web, spec: Spread(1, Zone, UnsatisfiableConstraintAction.DoNotSchedule));

        // Zone a has 2, zone b 0: another in a makes skew 3 > 1; b makes 1.
        Assert.Equal(new Dictionary<string, bool> { ["a1"] = false, ["a2"] = false, ["b1"] = true }, FilterAll(new PodTopologySpreadPlugin(), pod, snapshot));
        Assert.Equal(["node(s) didn't match pod topology spread constraints"], Build.Filter(new PodTopologySpreadPlugin(), pod, snapshot, "a1").Reasons);
    }

    [Fact]
    public void PodTopologySpread_NodeWithoutTheTopologyKey_IsUnresolvable()
    {
        var snapshot = Build.Snapshot([.. TwoZones, Build.Node("nozone")]);
        var pod = Build.Pod("w", labels: new() { ["app"] = "web" }, spec: Spread(1, Zone, UnsatisfiableConstraintAction.DoNotSchedule));

        var status = Build.Filter(new PodTopologySpreadPlugin(), pod, snapshot, "nozone");

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints (missing required label)"], status.Reasons);
    }

    [Fact]
    public void PodTopologySpread_MinDomainsAboveTheDomainsThereAre_CountsTheMinimumAsZero()
    {
        var web = new Dictionary<string, string> { ["app"] = "web" };
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("w0", labels: web)), ("b1", Build.Pod("w1", labels: web)));
        var pod = Build.Pod("w2", labels: web, spec: Spread(1, Zone, UnsatisfiableConstraintAction.DoNotSchedule, minDomains: 3));

        // Both zones hold 1; with minDomains 3 the global minimum is 0, so 1 + 1 − 0 = 2 > 1 everywhere.
        Assert.All(FilterAll(new PodTopologySpreadPlugin(), pod, snapshot).Values, Assert.False);
    }

    [Fact]
    public void PodTopologySpread_ScheduleAnyway_ScoresTheEmptierDomainHigher()
    {
        var web = new Dictionary<string, string> { ["app"] = "web" };
        var snapshot = Build.Snapshot(TwoZones, ("a1", Build.Pod("w0", labels: web)), ("a2", Build.Pod("w1", labels: web)));
        var pod = Build.Pod("w2", labels: web, spec: Spread(1, Zone, UnsatisfiableConstraintAction.ScheduleAnyway));

        var scores = Build.Scores(new PodTopologySpreadPlugin(), pod, snapshot);

        Assert.Equal(100, scores["b1"]);
        Assert.True(scores["a1"] < scores["b1"]);
        Assert.Equal(scores["a1"], scores["a2"]);
    }

    [Fact]
    public void PodTopologySpread_SystemDefaults_CountOnlyLivePodsOfTheSameController()
    {
        var owner = new OwnerReference { Kind = "ReplicaSet", Name = "web", Uid = "rs-1", Controller = true, ApiVersion = "apps/v1" };
        var other = owner with { Name = "api", Uid = "rs-2" };
        Pod Owned(string name, OwnerReference by, bool terminating = false) =>
            Build.Pod(name) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", OwnerReferences = [by], DeletionTimestamp = terminating ? DateTimeOffset.UnixEpoch : null } };

        // a1 holds two of the set's pods; a2 one being deleted and two of another set; b1 nothing.
        var snapshot = Build.Snapshot(TwoZones, ("a1", Owned("w0", owner)), ("a1", Owned("w1", owner)), ("a2", Owned("w2", owner, terminating: true)), ("a2", Owned("x0", other)), ("a2", Owned("x1", other)));

        var scores = Build.Scores(new PodTopologySpreadPlugin(), Owned("w3", owner), snapshot);

        Assert.Equal(100, scores["b1"]);
        Assert.True(scores["a2"] > scores["a1"], $"a2 ({scores["a2"]}) holds no live pod of the set, a1 ({scores["a1"]}) two");
        Assert.Equal(2, snapshot.Nodes.Single(n => n.Name == "a1").ControllerPodCounts["rs-1"]);
        Assert.False(snapshot.Nodes.Single(n => n.Name == "a2").ControllerPodCounts.ContainsKey("rs-1"));
    }

    [Fact]
    public void PodTopologySpread_SystemDefaults_ScoreAsWhenEveryNodeIsCounted()
    {
        var owner = new OwnerReference { Kind = "ReplicaSet", Name = "web", Uid = "rs-1", Controller = true, ApiVersion = "apps/v1" };
        Pod Owned(string name, Dictionary<string, string>? nodeSelector = null) =>
            Build.Pod(name, spec: s => s.NodeSelector = nodeSelector) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", OwnerReferences = [owner] } };
        var nodes = Enumerable.Range(0, 9).Select(i => Build.Node($"n{i}", labels: new() { [ClusterSnapshot.ZoneLabel] = $"zone-{i % 3}", ["pool"] = "main" }));
        var placed = new[] { "n0", "n0", "n3", "n1", "n4", "n7", "n0" }.Select((node, i) => (node, Owned($"w{i}"))).ToArray();
        var snapshot = Build.Snapshot(nodes, placed);

        // Without a node selector the zones' counts come from the snapshot; with one matching every node, from a pass over the nodes.
        var kept = Build.Scores(new PodTopologySpreadPlugin(), Owned("new"), snapshot);
        var counted = Build.Scores(new PodTopologySpreadPlugin(), Owned("new", new() { ["pool"] = "main" }), snapshot);

        Assert.Equal(counted, kept);
        Assert.True(kept["n2"] > kept["n1"], "zone-2 holds no pod of the set, zone-1 three");
    }

    [Fact]
    public void PodTopologySpread_SystemDefaults_FollowEachPodsOwnController()
    {
        Pod Owned(string name, string uid) =>
            Build.Pod(name) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", OwnerReferences = [new OwnerReference { Kind = "ReplicaSet", Name = uid, Uid = uid, Controller = true, ApiVersion = "apps/v1" }] } };
        var snapshot = Build.Snapshot(TwoZones, ("a1", Owned("w0", "rs-1")), ("b1", Owned("x0", "rs-2")));
        var plugin = new PodTopologySpreadPlugin();

        // One plugin, pods of two controllers in turn: each is spread away from its own set's pods only.
        var first = Build.Scores(plugin, Owned("w1", "rs-1"), snapshot);
        var second = Build.Scores(plugin, Owned("x1", "rs-2"), snapshot);
        var third = Build.Scores(plugin, Owned("w2", "rs-1"), snapshot);

        Assert.True(first["b1"] > first["a1"], "rs-1 has a pod on a1");
        Assert.True(second["a1"] > second["b1"], "rs-2 has a pod on b1");
        Assert.Equal(first, third);
    }

    [Fact]
    public void SelectorSpread_PodsOfTheSameOwner_SpreadOverNodesAndZones()
    {
        var owner = new OwnerReference { Kind = "ReplicaSet", Name = "web", Uid = "rs-1", Controller = true, ApiVersion = "apps/v1" };
        Pod Owned(string name) => Build.Pod(name) with { Metadata = new ObjectMeta { Name = name, Namespace = "default", OwnerReferences = [owner] } };
        var snapshot = Build.Snapshot(TwoZones, ("a1", Owned("w0")));

        var scores = Build.Scores(new SelectorSpreadPlugin(), Owned("w1"), snapshot);

        Assert.Equal(100, scores["b1"]);
        Assert.True(scores["a2"] > scores["a1"]);
        Assert.True(scores["b1"] > scores["a2"]);
    }

    [Fact]
    public void ImageLocality_NodeHoldingABigImage_ScoresHigher()
    {
        const long size = 500L * 1024 * 1024;
        var snapshot = Build.Snapshot([Build.Node("warm", images: [("nginx:1.27", size)]), Build.Node("cold")]);

        var scores = Build.Scores(new ImageLocalityPlugin(), Build.Pod(image: "nginx:1.27"), snapshot);

        // 500 MB × (1 of 2 nodes) = 250 MB ⇒ 100 × (250 − 23) / (1000 − 23) = 23.
        Assert.Equal((23L, 0L), (scores["warm"], scores["cold"]));
    }
}
