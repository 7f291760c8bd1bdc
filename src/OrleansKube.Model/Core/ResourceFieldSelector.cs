namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ResourceFieldSelector (stored and returned as written).</summary>
public sealed record ResourceFieldSelector
{
    public string? ContainerName { get; set; }

    public string? Resource { get; set; }

    public Quantity? Divisor { get; set; }
}
