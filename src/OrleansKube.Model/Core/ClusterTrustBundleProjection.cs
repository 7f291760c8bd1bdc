namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ClusterTrustBundleProjection (stored and returned as written).</summary>
public sealed record ClusterTrustBundleProjection
{
    public string? Name { get; set; }

    public string? SignerName { get; set; }

    public LabelSelector? LabelSelector { get; set; }

    public bool? Optional { get; set; }

    public string? Path { get; set; }
}
