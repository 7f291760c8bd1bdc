namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 QuobyteVolumeSource (stored and returned as written).</summary>
public sealed record QuobyteVolumeSource
{
    public string? Registry { get; set; }

    public string? Volume { get; set; }

    public bool? ReadOnly { get; set; }

    public string? User { get; set; }

    public string? Group { get; set; }

    public string? Tenant { get; set; }
}
