namespace OrleansKube.Model.Core;

/// <summary>An object of the same namespace by API group, kind and name (a claim's dataSource).</summary>
public sealed record TypedLocalObjectReference
{
    public string? ApiGroup { get; set; }

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";
}
