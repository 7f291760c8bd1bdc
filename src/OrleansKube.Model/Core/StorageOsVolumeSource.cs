namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 StorageOSVolumeSource (stored and returned as written).</summary>
public sealed record StorageOsVolumeSource
{
    public string? VolumeName { get; set; }

    public string? VolumeNamespace { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public LocalObjectReference? SecretRef { get; set; }
}
