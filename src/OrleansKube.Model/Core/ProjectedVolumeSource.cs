namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ProjectedVolumeSource (stored and returned as written).</summary>
public sealed record ProjectedVolumeSource
{
    public List<VolumeProjection>? Sources { get; set; }

    public int? DefaultMode { get; set; }
}
