namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 CSIVolumeSource (stored and returned as written).</summary>
public sealed record CsiVolumeSource
{
    public string? Driver { get; set; }

    public bool? ReadOnly { get; set; }

    public string? FsType { get; set; }

    public Dictionary<string, string>? VolumeAttributes { get; set; }

    public LocalObjectReference? NodePublishSecretRef { get; set; }
}
