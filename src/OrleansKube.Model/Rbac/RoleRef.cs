namespace OrleansKube.Model.Rbac;

/// <summary>The Role or ClusterRole a binding grants.</summary>
public sealed record RoleRef
{
    public string ApiGroup { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";
}
