namespace OrleansKube.Model.Rbac;

/// <summary>Grants a Role (or a ClusterRole, within this namespace) to subjects (stored).</summary>
public sealed record RoleBinding : KubeObject
{
    public List<Subject>? Subjects { get; set; }

    public RoleRef RoleRef { get; set; } = new();
}
