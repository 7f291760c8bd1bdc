namespace OrleansKube.Model.Core;

/// <summary>A claim's pending change of VolumeAttributesClass (stored as written: no driver modifies volumes).</summary>
public sealed record ModifyVolumeStatus
{
    public string? TargetVolumeAttributesClassName { get; set; }

    public PersistentVolumeClaimModifyVolumeStatus Status { get; set; }
}
