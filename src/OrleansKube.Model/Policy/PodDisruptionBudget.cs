namespace OrleansKube.Model.Policy;

/// <summary>policy/v1 PodDisruptionBudget: how many of the pods its selector picks may be disrupted (evicted) at a time.</summary>
public sealed record PodDisruptionBudget : KubeObject
{
    public PodDisruptionBudgetSpec? Spec { get; set; }

    public PodDisruptionBudgetStatus? Status { get; set; }
}
