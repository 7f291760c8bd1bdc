namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 SecretProjection (stored and returned as written).</summary>
public sealed record SecretProjection
{
    public string? Name { get; set; }

    public List<KeyToPath>? Items { get; set; }

    public bool? Optional { get; set; }
}
