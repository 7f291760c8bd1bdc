namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ResourceStatus (stored and returned as written).</summary>
public sealed record ResourceStatus
{
    public string? Name { get; set; }

    public List<ResourceHealth>? Resources { get; set; }
}
