namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 CephFSVolumeSource (stored and returned as written).</summary>
public sealed record CephFsVolumeSource
{
    public List<string>? Monitors { get; set; }

    public string? Path { get; set; }

    public string? User { get; set; }

    public string? SecretFile { get; set; }

    public LocalObjectReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }
}
