namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 AzureDiskVolumeSource (stored and returned as written).</summary>
public sealed record AzureDiskVolumeSource
{
    public string? DiskName { get; set; }

    public string? DiskURI { get; set; }

    public string? CachingMode { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public string? Kind { get; set; }
}
