namespace OrleansKube.Model.Rbac;

/// <summary>Grants a ClusterRole cluster-wide to subjects (stored).</summary>
public sealed record ClusterRoleBinding : KubeObject
{
    public List<Subject>? Subjects { get; set; }

    public RoleRef RoleRef { get; set; } = new();
}
