using OrleansKube.Control.Scheduling.Admission;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Scheduling;

public class TopologyLedgerTests
{
    private const string Zone = "topology.kubernetes.io/zone";

    private static TopologyLedger Ledger()
    {
        var ledger = new TopologyLedger();
        foreach (var (name, zone) in new[] { ("a1", "a"), ("a2", "a"), ("b1", "b") })
        {
            ledger.SetNode(Build.Node(name, labels: new() { [Zone] = zone }));
        }

        return ledger;
    }

    private static PodInfo AntiAffine(string name, string topologyKey = Zone) => new(Build.Pod(name, labels: new() { ["app"] = "solo" }, spec: s =>
        s.Affinity = new Affinity { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Build.Term(topologyKey, ("app", "solo"))] } }));

    [Fact]
    public void Admit_RefusesACandidateThatBreaksARuleAcrossShards_AndTakesTheNextOne()
    {
        var ledger = Ledger();
        Assert.Equal("a1", ledger.Admit(AntiAffine("first"), ["a1"]).NodeName);

        // Another shard chose a2 (same zone) for a second pod: refused there, admitted on b1.
        var verdict = ledger.Admit(AntiAffine("second"), ["a2", "b1"]);

        Assert.Equal("b1", verdict.NodeName);
        Assert.Equal(new Dictionary<string, int> { ["node(s) didn't match pod anti-affinity rules"] = 1 }, verdict.Refusals.ReasonCounts);
        Assert.Equal(2, ledger.PodCount);
    }

    [Fact]
    public void Admit_ExistingPodsWideAntiAffinity_RefusesMatchingPlainPods()
    {
        var ledger = Ledger();
        Assert.False(ledger.HasWideAntiAffinityHolders);
        ledger.Record("a1", AntiAffine("holder"));

        var plain = new PodInfo(Build.Pod("plain", labels: new() { ["app"] = "solo" }));

        Assert.True(ledger.HasWideAntiAffinityHolders);
        Assert.Null(ledger.Admit(plain, ["a2"]).NodeName);
        Assert.Equal("b1", ledger.Admit(plain, ["a2", "b1"]).NodeName);
    }

    [Fact]
    public void RemovedPods_NoLongerCount()
    {
        var ledger = Ledger();
        ledger.Admit(AntiAffine("first"), ["a1"]);
        ledger.Remove("a1", "default/first");

        Assert.False(ledger.HasWideAntiAffinityHolders);
        Assert.Equal("a2", ledger.Admit(AntiAffine("second"), ["a2"]).NodeName);
    }

    [Fact]
    public void HostnameRules_AreLeftToTheShards()
    {
        Assert.False(TopologyLedger.HasWideRules(AntiAffine("h", "kubernetes.io/hostname")));
        Assert.True(TopologyLedger.HasWideRules(AntiAffine("z")));
    }

    [Fact]
    public void Admit_UnknownNode_IsRefusedWithTheReason()
    {
        var verdict = Ledger().Admit(AntiAffine("p"), ["nowhere"]);

        Assert.Null(verdict.NodeName);
        Assert.Equal([TopologyLedger.UnknownNodeReason], verdict.Refusals.ReasonCounts.Keys);
    }
}
