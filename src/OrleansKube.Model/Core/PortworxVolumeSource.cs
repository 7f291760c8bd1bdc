namespace OrleansKube.Model.Core;

/// <summary>A Portworx volume (stored as written).</summary>
public sealed record PortworxVolumeSource
{
    public string VolumeID { get; set; } = "";

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }
}
