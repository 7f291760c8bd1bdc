namespace OrleansKube.Model.Policy;

public sealed record PodDisruptionBudgetStatus
{
    public long? ObservedGeneration { get; set; }

    /// <summary>Pods whose eviction the API granted but whose deletion the disruption controller has not seen yet, with when it was granted.</summary>
    public Dictionary<string, DateTimeOffset>? DisruptedPods { get; set; }

    public int DisruptionsAllowed { get; set; }

    public int CurrentHealthy { get; set; }

    public int DesiredHealthy { get; set; }

    public int ExpectedPods { get; set; }

    public List<Condition>? Conditions { get; set; }
}
