namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 PodSchedulingGate (stored and returned as written).</summary>
public sealed record PodSchedulingGate
{
    public string Name { get; set; } = "";
}
