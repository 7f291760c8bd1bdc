namespace OrleansKube.Model.Rbac;

/// <summary>Who a binding grants a role to: a User, a Group or a ServiceAccount.</summary>
public sealed record Subject
{
    public string Kind { get; set; } = "";

    public string? ApiGroup { get; set; }

    public string Name { get; set; } = "";

    public string? Namespace { get; set; }
}
