using OrleansKube.Control.Storage;
using OrleansKube.Model.Storage;
using OrleansKube.Tests.Workloads;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Storage;

/// <summary>The claim side of upstream's PersistentVolume controller: binding, provisioning and reclaiming.</summary>
public class PersistentVolumeClaimReconcilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(PersistentVolumeClaim Claim, DateTimeOffset? RequeueAt, RecordingObjectControl Control)> SyncAsync(
        PersistentVolumeClaim claim, StorageClass? storageClass, Node? node, params PersistentVolume[] volumes)
    {
        var control = new RecordingObjectControl(Now);
        control.Put(claim);
        foreach (var volume in volumes)
        {
            control.Put(volume);
        }

        var (stored, requeueAt) = await new PersistentVolumeClaimReconciler(control).SyncAsync(claim, storageClass, volumes, node, Now);
        return (stored, requeueAt, control);
    }

    [Fact]
    public async Task SyncAsync_FittingVolume_BindsBothSides()
    {
        var (claim, requeueAt, control) = await SyncAsync(Claim(request: "2Gi"), null, null, Volume("big", "10Gi"), Volume("fits", "5Gi"));

        Assert.Null(requeueAt);
        Assert.Equal(PersistentVolumeClaimPhase.Bound, claim.Status?.Phase);
        Assert.Equal("fits", claim.Spec?.VolumeName);
        Assert.Equal("5Gi", claim.Status?.Capacity?["storage"].ToString());
        Assert.Equal([PersistentVolumeAccessMode.ReadWriteOnce], claim.Status?.AccessModes);
        Assert.Equal("yes", claim.Metadata.Annotations?["pv.kubernetes.io/bind-completed"]);
        var volume = control.Get<PersistentVolume>("fits");
        Assert.Equal(PersistentVolumePhase.Bound, volume.Status?.Phase);
        Assert.Equal(("default", "data", "uid-data"), (volume.Spec?.ClaimRef?.Namespace, volume.Spec?.ClaimRef?.Name, volume.Spec?.ClaimRef?.Uid));
        Assert.Equal(PersistentVolumePhase.Available, control.Get<PersistentVolume>("big").Status?.Phase);
    }

    [Fact]
    public async Task SyncAsync_NoVolumeAndNoClass_WaitsWithUpstreamsEvent()
    {
        var (claim, requeueAt, control) = await SyncAsync(Claim(request: "20Gi"), null, null, Volume("small", "1Gi"));

        Assert.Equal(PersistentVolumeClaimPhase.Pending, claim.Status?.Phase);
        Assert.Equal(Now + PersistentVolumeClaimReconciler.Resync, requeueAt);
        Assert.Equal(["Normal FailedBinding no persistent volumes available for this claim and no storage class is set"], control.Events);
    }

    [Fact]
    public async Task SyncAsync_ImmediateClass_ProvisionsTheRequestAndBinds()
    {
        var (claim, _, control) = await SyncAsync(Claim(request: "3Gi", storageClass: "fast"), Class("fast", policy: PersistentVolumeReclaimPolicy.Retain), null);

        var volume = control.Get<PersistentVolume>("pvc-uid-data");
        Assert.Equal("pvc-uid-data", claim.Spec?.VolumeName);
        Assert.Equal(PersistentVolumeClaimPhase.Bound, claim.Status?.Phase);
        Assert.Equal("3Gi", volume.Spec?.Capacity?["storage"].ToString());
        Assert.Equal(PersistentVolumeReclaimPolicy.Retain, volume.Spec?.PersistentVolumeReclaimPolicy);
        Assert.Equal("fast", volume.Spec?.StorageClassName);
        Assert.Equal("orleanskube.io/simulated", volume.Metadata.Annotations?["pv.kubernetes.io/provisioned-by"]);
        Assert.Null(volume.Spec?.NodeAffinity);
        Assert.Equal(PersistentVolumePhase.Bound, volume.Status?.Phase);
        Assert.Contains("Normal ProvisioningSucceeded Successfully provisioned volume pvc-uid-data", control.Events);
    }

    [Fact]
    public async Task SyncAsync_ImmediateClass_PrefersAnExistingVolumeOfTheClass()
    {
        var (claim, _, control) = await SyncAsync(Claim(storageClass: "fast"), Class("fast"), null, Volume("made-by-hand", "2Gi", storageClass: "fast"));

        Assert.Equal("made-by-hand", claim.Spec?.VolumeName);
        Assert.DoesNotContain(control.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_WaitForFirstConsumer_WaitsUntilANodeIsSelected()
    {
        var (claim, requeueAt, control) = await SyncAsync(Claim(storageClass: "standard"), Class("standard", VolumeBindingMode.WaitForFirstConsumer), null);

        Assert.Equal(PersistentVolumeClaimPhase.Pending, claim.Status?.Phase);
        Assert.Null(requeueAt);
        Assert.Equal(["Normal WaitForFirstConsumer waiting for first consumer to be created before binding"], control.Events);
        Assert.Empty(control.All<PersistentVolume>());
    }

    [Fact]
    public async Task SyncAsync_WaitForFirstConsumerWithSelectedNode_ProvisionsInTheNodesZone()
    {
        var (claim, _, control) = await SyncAsync(Claim(storageClass: "standard", selectedNode: "n1"), Class("standard", VolumeBindingMode.WaitForFirstConsumer), Node("n1", "zone-b"));

        var volume = control.Get<PersistentVolume>("pvc-uid-data");
        Assert.Equal(PersistentVolumeClaimPhase.Bound, claim.Status?.Phase);
        var requirement = Assert.Single(Assert.Single(volume.Spec!.NodeAffinity!.Required!.NodeSelectorTerms).MatchExpressions!);
        Assert.Equal(("topology.kubernetes.io/zone", "zone-b"), (requirement.Key, Assert.Single(requirement.Values!)));
        Assert.Equal(PersistentVolumeReclaimPolicy.Delete, volume.Spec.PersistentVolumeReclaimPolicy);
        Assert.Equal("orleanskube.io/simulated", claim.Metadata.Annotations?["volume.kubernetes.io/storage-provisioner"]);
    }

    [Fact]
    public async Task SyncAsync_WaitForFirstConsumerOnANodeWithoutZone_ProvisionsAVolumeEveryNodeReaches()
    {
        var zoneless = new Node { Metadata = new ObjectMeta { Name = "n1", Labels = new() { ["kubernetes.io/hostname"] = "n1" } } };

        var (claim, _, control) = await SyncAsync(Claim(storageClass: "standard", selectedNode: "n1"), Class("standard", VolumeBindingMode.WaitForFirstConsumer), zoneless);

        Assert.Equal(PersistentVolumeClaimPhase.Bound, claim.Status?.Phase);
        Assert.Null(control.Get<PersistentVolume>("pvc-uid-data").Spec?.NodeAffinity);
    }

    [Fact]
    public async Task SyncAsync_WaitForFirstConsumerWithSelectedNode_BindsAVolumeReachableFromTheNode()
    {
        var (claim, _, control) = await SyncAsync(Claim(storageClass: "local", selectedNode: "n1"), Class("local", VolumeBindingMode.WaitForFirstConsumer),
            Node("n1", "zone-b"), Volume("a", storageClass: "local", zone: "zone-a"), Volume("b", "2Gi", storageClass: "local", zone: "zone-b"));

        Assert.Equal("b", claim.Spec?.VolumeName);
        Assert.Equal(2, control.All<PersistentVolume>().Count());
    }

    [Fact]
    public async Task SyncAsync_ClassOfAnotherProvisioner_WaitsForIt()
    {
        var (claim, requeueAt, control) = await SyncAsync(Claim(storageClass: "ebs"), Class("ebs", provisioner: "ebs.csi.aws.com"), null);

        Assert.Equal(PersistentVolumeClaimPhase.Pending, claim.Status?.Phase);
        Assert.NotNull(requeueAt);
        Assert.Empty(control.All<PersistentVolume>());
        Assert.Contains(control.Events, e => e.StartsWith("Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com'", StringComparison.Ordinal));
    }

    public sealed record ReclaimCase(string Sentence, PersistentVolumeReclaimPolicy Policy, bool Deleted, PersistentVolumePhase? Phase)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ReclaimCase> ReclaimCases() =>
    [
        new ReclaimCase("a Delete volume goes with its claim", PersistentVolumeReclaimPolicy.Delete, true, null),
        new ReclaimCase("a Retain volume is Released and keeps its claimRef", PersistentVolumeReclaimPolicy.Retain, false, PersistentVolumePhase.Released),
    ];

    [Theory]
    [MemberData(nameof(ReclaimCases))]
    public async Task ReclaimAsync_FollowsTheReclaimPolicy(ReclaimCase c)
    {
        var control = new RecordingObjectControl(Now);
        var claimRef = new ObjectReference { Namespace = "default", Name = "data", Uid = "uid-data" };
        control.Put(Volume("vol", policy: c.Policy, claimRef: claimRef, phase: PersistentVolumePhase.Bound));
        var deleted = Claim(volumeName: "vol");

        await new PersistentVolumeClaimReconciler(control).ReclaimAsync(deleted);

        var volume = control.All<PersistentVolume>().SingleOrDefault();
        Assert.Equal(c.Deleted, volume is null);
        Assert.Equal(c.Phase, volume?.Status?.Phase);
        Assert.Equal(c.Deleted ? null : "data", volume?.Spec?.ClaimRef?.Name);
    }

    [Fact]
    public async Task ReclaimAsync_VolumeOfAnotherClaim_IsLeftAlone()
    {
        var control = new RecordingObjectControl(Now);
        control.Put(Volume("vol", policy: PersistentVolumeReclaimPolicy.Delete, claimRef: new ObjectReference { Namespace = "default", Name = "data", Uid = "uid-newer" }, phase: PersistentVolumePhase.Bound));

        await new PersistentVolumeClaimReconciler(control).ReclaimAsync(Claim(volumeName: "vol"));

        Assert.Equal(PersistentVolumePhase.Bound, control.Get<PersistentVolume>("vol").Status?.Phase);
    }
}
