namespace OrleansKube.Model.Core;

/// <summary>A vSphere virtual disk (stored as written).</summary>
public sealed record VsphereVirtualDiskVolumeSource
{
    public string VolumePath { get; set; } = "";

    public string? FsType { get; set; }

    public string? StoragePolicyName { get; set; }

    public string? StoragePolicyID { get; set; }
}
