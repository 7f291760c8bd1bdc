namespace OrleansKube.Model.Core;

public sealed record ReplicationControllerStatus
{
    public int Replicas { get; set; }

    public int? FullyLabeledReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public long? ObservedGeneration { get; set; }

    public List<ReplicationControllerCondition>? Conditions { get; set; }
}
