namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 EphemeralVolumeSource (stored and returned as written).</summary>
public sealed record EphemeralVolumeSource
{
    public PersistentVolumeClaimTemplate? VolumeClaimTemplate { get; set; }
}
