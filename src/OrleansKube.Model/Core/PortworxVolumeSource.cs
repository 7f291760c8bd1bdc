namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 PortworxVolumeSource (stored and returned as written).</summary>
public sealed record PortworxVolumeSource
{
    public string? VolumeID { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }
}
