namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ResourceHealth (stored and returned as written).</summary>
public sealed record ResourceHealth
{
    public string? ResourceID { get; set; }

    public string? Health { get; set; }
}
