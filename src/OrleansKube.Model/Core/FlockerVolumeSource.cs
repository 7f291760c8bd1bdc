namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 FlockerVolumeSource (stored and returned as written).</summary>
public sealed record FlockerVolumeSource
{
    public string? DatasetName { get; set; }

    public string? DatasetUUID { get; set; }
}
