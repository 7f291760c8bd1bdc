namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 NFSVolumeSource (stored and returned as written).</summary>
public sealed record NfsVolumeSource
{
    public string? Server { get; set; }

    public string? Path { get; set; }

    public bool? ReadOnly { get; set; }
}
