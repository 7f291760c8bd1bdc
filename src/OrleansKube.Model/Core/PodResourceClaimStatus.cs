namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 PodResourceClaimStatus (stored and returned as written).</summary>
public sealed record PodResourceClaimStatus
{
    public string Name { get; set; } = "";

    public string? ResourceClaimName { get; set; }
}
