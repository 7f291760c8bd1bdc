namespace OrleansKube.Model.Meta;

/// <summary>
/// Upstream's <c>metav1.Condition</c>, the standard condition of newer kinds (PodDisruptionBudget): unlike the older
/// per-kind conditions it carries the generation it was set for.
/// </summary>
public sealed record Condition
{
    public string Type { get; set; } = "";

    public ConditionStatus Status { get; set; }

    public long? ObservedGeneration { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}
