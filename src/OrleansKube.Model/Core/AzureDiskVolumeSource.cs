namespace OrleansKube.Model.Core;

/// <summary>An Azure data disk (stored as written).</summary>
public sealed record AzureDiskVolumeSource
{
    public string DiskName { get; set; } = "";

    public string DiskURI { get; set; } = "";

    public AzureDataDiskCachingMode? CachingMode { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public AzureDataDiskKind? Kind { get; set; }
}
