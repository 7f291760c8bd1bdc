namespace OrleansKube.Model.Apps;

public sealed record ReplicaSetStatus
{
    public int Replicas { get; set; }

    public int? FullyLabeledReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public long? ObservedGeneration { get; set; }

    public List<ReplicaSetCondition>? Conditions { get; set; }
}
