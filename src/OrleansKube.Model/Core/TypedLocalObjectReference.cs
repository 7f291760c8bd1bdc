namespace OrleansKube.Model.Core;

/// <summary>An object of the same namespace by API group, kind and name (a claim's dataSource, an Ingress's resource backend).</summary>
public sealed record TypedLocalObjectReference
{
    public string? ApiGroup { get; set; }

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";
}
