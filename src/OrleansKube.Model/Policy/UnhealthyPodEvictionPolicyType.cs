namespace OrleansKube.Model.Policy;

public enum UnhealthyPodEvictionPolicyType
{
    /// <summary>A running pod that is not Ready is evicted only while the budget's application is not disrupted (currentHealthy ≥ desiredHealthy).</summary>
    IfHealthyBudget,

    /// <summary>A running pod that is not Ready is evicted whatever the budget says.</summary>
    AlwaysAllow,
}
