namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 PodResourceClaim (stored and returned as written).</summary>
public sealed record PodResourceClaim
{
    public string Name { get; set; } = "";

    public string? ResourceClaimName { get; set; }

    public string? ResourceClaimTemplateName { get; set; }
}
