namespace OrleansKube.Model.Rbac;

/// <summary>A namespaced set of permissions (stored: the simulated API authorizes by its own token file, not by RBAC).</summary>
public sealed record Role : KubeObject
{
    public List<PolicyRule>? Rules { get; set; }
}
