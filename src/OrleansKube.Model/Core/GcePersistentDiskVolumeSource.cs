namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 GCEPersistentDiskVolumeSource (stored and returned as written).</summary>
public sealed record GcePersistentDiskVolumeSource
{
    public string? PdName { get; set; }

    public string? FsType { get; set; }

    public int? Partition { get; set; }

    public bool? ReadOnly { get; set; }
}
