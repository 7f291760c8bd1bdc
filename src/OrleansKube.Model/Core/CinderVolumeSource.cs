namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 CinderVolumeSource (stored and returned as written).</summary>
public sealed record CinderVolumeSource
{
    public string? VolumeID { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public LocalObjectReference? SecretRef { get; set; }
}
