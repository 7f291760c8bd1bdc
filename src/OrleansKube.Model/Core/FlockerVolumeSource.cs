namespace OrleansKube.Model.Core;

/// <summary>A Flocker dataset (stored as written).</summary>
public sealed record FlockerVolumeSource
{
    public string? DatasetName { get; set; }

    public string? DatasetUUID { get; set; }
}
