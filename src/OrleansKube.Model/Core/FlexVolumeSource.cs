namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 FlexVolumeSource (stored and returned as written).</summary>
public sealed record FlexVolumeSource
{
    public string? Driver { get; set; }

    public string? FsType { get; set; }

    public LocalObjectReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }

    public Dictionary<string, string>? Options { get; set; }
}
