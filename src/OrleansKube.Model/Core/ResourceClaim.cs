namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ResourceClaim (stored and returned as written).</summary>
public sealed record ResourceClaim
{
    public string Name { get; set; } = "";

    public string? Request { get; set; }
}
