namespace OrleansKube.Model.Core;

/// <summary>A claim's dataSourceRef: as <see cref="TypedLocalObjectReference"/>, possibly in another namespace.</summary>
public sealed record TypedObjectReference
{
    public string? ApiGroup { get; set; }

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Namespace { get; set; }
}
