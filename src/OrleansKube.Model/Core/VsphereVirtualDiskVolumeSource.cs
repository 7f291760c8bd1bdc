namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 VsphereVirtualDiskVolumeSource (stored and returned as written).</summary>
public sealed record VsphereVirtualDiskVolumeSource
{
    public string? VolumePath { get; set; }

    public string? FsType { get; set; }

    public string? StoragePolicyName { get; set; }

    public string? StoragePolicyID { get; set; }
}
