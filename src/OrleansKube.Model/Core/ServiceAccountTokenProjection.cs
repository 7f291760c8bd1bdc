namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ServiceAccountTokenProjection (stored and returned as written).</summary>
public sealed record ServiceAccountTokenProjection
{
    public string? Audience { get; set; }

    public long? ExpirationSeconds { get; set; }

    public string? Path { get; set; }
}
