using OrleansKube.Control.Storage;
using OrleansKube.Model.Storage;
using OrleansKube.Tests.Workloads;
using static OrleansKube.Tests.Storage.VolumeWorld;

namespace OrleansKube.Tests.Storage;

/// <summary>Growing a claim: upstream's validation, the PersistentVolumeClaimResize admission, and the simulated resizer.</summary>
public class ClaimResizeTests
{
    private static PersistentVolumeClaim Bound(string request, string className = "fast", string capacity = "1Gi") => Claim(request: request, storageClass: className, volumeName: "pvc-1") with
    {
        Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Bound, Capacity = new() { ["storage"] = Quantity.Parse(capacity) } },
    };

    private static StorageClass Expandable(string name, bool? allow) => Class(name) with { AllowVolumeExpansion = allow };

    public sealed record AdmitCase(string Sentence, PersistentVolumeClaim Current, PersistentVolumeClaim Updated, string[] ValidationErrors, string? Refusal)
    {
        public override string ToString() => Sentence;
    }

    private const string NotExpandable = "persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize";

    public static TheoryData<AdmitCase> AdmitCases() =>
    [
        new AdmitCase("a bound claim of an expandable class may grow", Bound("1Gi"), Bound("2Gi"), [], null),
        new AdmitCase("a bound claim of a class without allowVolumeExpansion may not grow", Bound("1Gi", "rigid"), Bound("2Gi", "rigid"), [], NotExpandable),
        new AdmitCase("a class that says false refuses too", Bound("1Gi", "closed"), Bound("2Gi", "closed"), [], NotExpandable),
        new AdmitCase("a claim of a class that does not exist may not grow", Bound("1Gi", "gone"), Bound("2Gi", "gone"), [], NotExpandable),
        new AdmitCase("a claim without a class may not grow", Bound("1Gi", ""), Bound("2Gi", ""), [], NotExpandable),
        new AdmitCase("an unchanged request is not a resize", Bound("1Gi", "rigid"), Bound("1Gi", "rigid"), [], null),
        new AdmitCase(
            "a shrink is invalid", Bound("2Gi"), Bound("1Gi"),
            ["spec.resources.requests.storage: Forbidden: field can not be less than previous value"], null),
        new AdmitCase(
            "a pending claim's request is immutable", Claim(request: "1Gi", storageClass: "fast"), Claim(request: "2Gi", storageClass: "fast"),
            ["spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"],
            "persistentvolumeclaims \"data\" is forbidden: Only bound persistent volume claims can be expanded"),
    ];

    [Theory]
    [MemberData(nameof(AdmitCases))]
    public void UpdateErrorsAndAdmit_FollowUpstream(AdmitCase c)
    {
        StorageClass?[] classes = [Expandable("fast", true), Expandable("rigid", null), Expandable("closed", false)];

        Assert.Equal(c.ValidationErrors, ClaimResize.UpdateErrors(c.Current, c.Updated));
        Assert.Equal(c.Refusal, ClaimResize.Admit(c.Current, c.Updated, name => classes.FirstOrDefault(k => k!.Metadata.Name == name))?.Message);
    }

    [Fact]
    public async Task ExpandAsync_SimulatedVolume_GrowsTheVolumeThenTheClaimsCapacity_WithTheResizersEvents()
    {
        var control = new RecordingObjectControl(DateTimeOffset.UnixEpoch);
        var claim = control.Put(Bound("3Gi"));
        var volume = control.Put(Volume("pvc-1", "1Gi", "fast") with { Metadata = new ObjectMeta { Name = "pvc-1", Annotations = new() { [PersistentVolume.ProvisionedByAnnotation] = StorageClasses.SimulatedProvisioner } } });
        Assert.True(PersistentVolumeClaimReconciler.ExpansionPending(claim));

        var stored = await new PersistentVolumeClaimReconciler(control).ExpandAsync(claim, volume);

        Assert.Equal("3Gi", control.Get<PersistentVolume>("pvc-1").Spec!.Capacity!["storage"].ToString());
        Assert.Equal("3Gi", stored.Status!.Capacity!["storage"].ToString());
        Assert.False(PersistentVolumeClaimReconciler.ExpansionPending(stored));
        Assert.Equal(["Normal Resizing External resizer is resizing volume pvc-1", "Normal VolumeResizeSuccessful Resize volume succeeded"], control.Events);
    }

    [Fact]
    public async Task ExpandAsync_AnotherProvisionersVolume_IsLeftAlone()
    {
        var control = new RecordingObjectControl(DateTimeOffset.UnixEpoch);
        var claim = control.Put(Bound("3Gi"));

        var stored = await new PersistentVolumeClaimReconciler(control).ExpandAsync(claim, Volume("pvc-1", "1Gi", "fast"));

        Assert.Same(claim, stored);
        Assert.Empty(control.Calls);
    }
}
