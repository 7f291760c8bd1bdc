namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ConfigMapProjection (stored and returned as written).</summary>
public sealed record ConfigMapProjection
{
    public string? Name { get; set; }

    public List<KeyToPath>? Items { get; set; }

    public bool? Optional { get; set; }
}
