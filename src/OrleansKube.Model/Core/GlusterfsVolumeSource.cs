namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 GlusterfsVolumeSource (stored and returned as written).</summary>
public sealed record GlusterfsVolumeSource
{
    public string? Endpoints { get; set; }

    public string? Path { get; set; }

    public bool? ReadOnly { get; set; }
}
