using OrleansKube.Control.Storage;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Storage;

/// <summary>Upstream's findMatchingVolume: which volume a Pending claim binds to.</summary>
public class VolumeMatchingTests
{
    private static readonly PersistentVolumeAccessMode[] Rwx = [PersistentVolumeAccessMode.ReadWriteMany];

    public sealed record MatchCase(string Sentence, PersistentVolumeClaim Claim, PersistentVolume[] Volumes, string? Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<MatchCase> Cases() =>
    [
        new MatchCase("the smallest volume that fits wins", Claim(request: "2Gi"), [Volume("big", "10Gi"), Volume("small", "1Gi"), Volume("fits", "5Gi")], "fits"),
        new MatchCase("a volume exactly the request's size fits", Claim(request: "5Gi"), [Volume("exact", "5Gi")], "exact"),
        new MatchCase("a volume smaller than the request does not fit", Claim(request: "5Gi"), [Volume("small", "4Gi")], null),
        new MatchCase("a volume of another class does not fit", Claim(storageClass: "fast"), [Volume("slow", storageClass: "slow"), Volume("fast", storageClass: "fast")], "fast"),
        new MatchCase("a claim without a class takes only volumes without one", Claim(storageClass: ""), [Volume("classed", storageClass: "fast")], null),
        new MatchCase("the volume's access modes must include the claim's", Claim(modes: Rwx), [Volume("rwo"), Volume("rwx", modes: [PersistentVolumeAccessMode.ReadWriteOnce, PersistentVolumeAccessMode.ReadWriteMany])], "rwx"),
        new MatchCase("a block claim takes no filesystem volume", Claim(mode: PersistentVolumeMode.Block), [Volume("fs")], null),
        new MatchCase("the claim's selector picks by the volume's labels", Claim(selector: new LabelSelector { MatchLabels = new() { ["tier"] = "gold" } }),
            [Volume("plain"), Volume("gold", "5Gi", labels: new() { ["tier"] = "gold" })], "gold"),
        new MatchCase("a volume bound to another claim is not taken", Claim(), [Volume("taken", claimRef: new ObjectReference { Namespace = "default", Name = "other", Uid = "uid-other" })], null),
        new MatchCase("a Released volume is not taken", Claim(), [Volume("released", phase: PersistentVolumePhase.Released)], null),
        new MatchCase("a volume pre-bound to the claim wins over a smaller one", Claim(), [Volume("small", "1Gi"), Volume("mine", "5Gi", claimRef: new ObjectReference { Namespace = "default", Name = "data" })], "mine"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void FindBest_ChoosesAsUpstream(MatchCase c)
    {
        Assert.Equal(c.Expected, VolumeMatching.FindBest(c.Claim, c.Volumes)?.Metadata.Name);
    }

    [Fact]
    public void FindBest_WithANode_SkipsVolumesWhoseNodeAffinityRefusesIt()
    {
        var volumes = new[] { Volume("west", "1Gi", zone: "zone-a"), Volume("east", "2Gi", zone: "zone-b") };

        Assert.Equal("east", VolumeMatching.FindBest(Claim(), volumes, Node("n1", "zone-b"))?.Metadata.Name);
        Assert.Equal("west", VolumeMatching.FindBest(Claim(), volumes)?.Metadata.Name);
    }
}
