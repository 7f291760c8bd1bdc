namespace OrleansKube.Model.Rbac;

/// <summary>The ClusterRoles whose rules an aggregated ClusterRole takes, by label.</summary>
public sealed record AggregationRule
{
    public List<LabelSelector>? ClusterRoleSelectors { get; set; }
}
