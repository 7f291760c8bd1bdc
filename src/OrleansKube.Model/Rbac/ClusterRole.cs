namespace OrleansKube.Model.Rbac;

/// <summary>A cluster-wide set of permissions (stored).</summary>
public sealed record ClusterRole : KubeObject
{
    public List<PolicyRule>? Rules { get; set; }

    public AggregationRule? AggregationRule { get; set; }
}
