namespace OrleansKube.Model.Policy;

public sealed record PodDisruptionBudgetSpec
{
    /// <summary>Pods that must stay available after an eviction: a number or a percentage of the expected pods.</summary>
    public IntOrString? MinAvailable { get; set; }

    /// <summary>A null selector selects no pods; an empty one (policy/v1) every pod of the namespace.</summary>
    public LabelSelector? Selector { get; set; }

    /// <summary>Pods that may be unavailable after an eviction: a number or a percentage of the expected pods.</summary>
    public IntOrString? MaxUnavailable { get; set; }

    /// <summary>When an unhealthy (running, not Ready) pod may be evicted; IfHealthyBudget when unset.</summary>
    public UnhealthyPodEvictionPolicyType? UnhealthyPodEvictionPolicy { get; set; }
}
