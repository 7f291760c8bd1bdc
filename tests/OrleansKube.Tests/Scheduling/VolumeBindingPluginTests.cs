using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.VolumeBinding;
using OrleansKube.Model.Storage;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Scheduling;

/// <summary>Upstream's VolumeBinding filter over the claims the scheduler read for the pod.</summary>
public class VolumeBindingPluginTests
{
    private static Pod WithClaim(string claim = "data") =>
        Build.Pod("p", spec: s => s.Volumes = [new Volume { Name = "data", PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = claim } }]);

    private static PersistentVolumeClaim BoundTo(string volume)
    {
        var claim = Claim(storageClass: "local", volumeName: volume);
        claim.Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Bound };
        return claim;
    }

    private static ClusterSnapshot Snapshot(PodVolumes? volumes)
    {
        var snapshot = Build.Snapshot([Build.Node("a", labels: new() { ["topology.kubernetes.io/zone"] = "zone-a" }), Build.Node("b", labels: new() { ["topology.kubernetes.io/zone"] = "zone-b" })]);
        snapshot.SetVolumes("default/p", volumes);
        return snapshot;
    }

    private static PodVolumes Volumes(PersistentVolumeClaim? claim, PersistentVolume? volume = null, StorageClass? storageClass = null) => new(
        new Dictionary<string, PersistentVolumeClaim?> { ["data"] = claim },
        volume is null ? [] : new Dictionary<string, PersistentVolume> { [volume.Metadata.Name!] = volume },
        storageClass is null ? [] : new Dictionary<string, StorageClass> { [storageClass.Metadata.Name!] = storageClass });

    public sealed record FilterCase(string Sentence, PodVolumes? Volumes, string[] Fits, StatusCode Code, string? Reason)
    {
        public override string ToString() => Sentence;
    }

    private static PersistentVolumeClaim Selected(PersistentVolumeClaim claim, string node)
    {
        claim.Metadata.Annotations = new() { ["volume.kubernetes.io/selected-node"] = node };
        return claim;
    }

    public static TheoryData<FilterCase> Cases() =>
    [
        new FilterCase("a missing claim keeps the pod off every node", Volumes(null), [], StatusCode.UnschedulableAndUnresolvable, "persistentvolumeclaim \"data\" not found"),
        new FilterCase("an unbound claim of an Immediate class keeps the pod off every node", Volumes(Claim(storageClass: "fast"), storageClass: Class("fast")), [],
            StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonUnboundImmediate),
        new FilterCase("an unbound claim without a class is immediate", Volumes(Claim(storageClass: "")), [], StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonUnboundImmediate),
        new FilterCase("an unbound WaitForFirstConsumer claim lets every node pass", Volumes(Claim(storageClass: "standard"), storageClass: Class("standard", VolumeBindingMode.WaitForFirstConsumer)),
            ["a", "b"], StatusCode.Success, null),
        new FilterCase("a WaitForFirstConsumer claim another pod's placement named a node for keeps the pod to that node",
            Volumes(Selected(Claim(storageClass: "standard"), "b"), storageClass: Class("standard", VolumeBindingMode.WaitForFirstConsumer)),
            ["b"], StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonBindConflict),
        new FilterCase("a bound claim's volume's node affinity picks the nodes", Volumes(BoundTo("vol"), Volume("vol", storageClass: "local", zone: "zone-b")), ["b"],
            StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ErrReasonNodeConflict),
        new FilterCase("a bound claim's volume without node affinity lets every node pass", Volumes(BoundTo("vol"), Volume("vol", storageClass: "local")), ["a", "b"], StatusCode.Success, null),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_ClaimsDecideTheNodes(FilterCase c)
    {
        var snapshot = Snapshot(c.Volumes);

        var statuses = new[] { "a", "b" }.ToDictionary(n => n, n => Build.Filter(new VolumeBindingPlugin(), WithClaim(), snapshot, n));

        Assert.Equal(c.Fits, statuses.Where(s => s.Value.IsSuccess).Select(s => s.Key));
        foreach (var refused in statuses.Values.Where(s => !s.IsSuccess))
        {
            Assert.Equal(c.Code, refused.Code);
            Assert.Equal([c.Reason!], refused.Reasons);
        }
    }

    [Fact]
    public void PreFilter_PodWithoutClaims_IsSkippedWithoutReadingAnything()
    {
        var status = new VolumeBindingPlugin().PreFilter(new CycleState(), new PodInfo(Build.Pod("p")), new ClusterSnapshot());

        Assert.Equal(StatusCode.Skip, status.Code);
    }

    [Fact]
    public void DelayedClaims_AreTheUnboundWaitForFirstConsumerOnes()
    {
        var volumes = new PodVolumes(
            new Dictionary<string, PersistentVolumeClaim?> { ["wait"] = Claim("wait", storageClass: "standard"), ["bound"] = BoundTo("vol") },
            new Dictionary<string, PersistentVolume>(),
            new Dictionary<string, StorageClass> { ["standard"] = Class("standard", VolumeBindingMode.WaitForFirstConsumer) });

        Assert.Equal(["wait"], volumes.DelayedClaims().Select(c => c.Metadata.Name));
    }
}
