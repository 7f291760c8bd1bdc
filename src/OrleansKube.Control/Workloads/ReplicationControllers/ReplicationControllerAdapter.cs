using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.ReplicationControllers;

/// <summary>
/// A ReplicationController seen as the ReplicaSet it is to the ReplicaSet controller (upstream's conversion in
/// pkg/controller/replication): its equality selector is a matchLabels selector, the rest is the same fields.
/// </summary>
public static class ReplicationControllerAdapter
{
    public static ReplicaSet ToReplicaSet(ReplicationController rc) => new()
    {
        ApiVersion = rc.ApiVersion,
        Kind = rc.Kind,
        Metadata = rc.Metadata,
        Spec = rc.Spec is not { } spec ? null : new ReplicaSetSpec
        {
            Replicas = spec.Replicas,
            MinReadySeconds = spec.MinReadySeconds,
            Selector = spec.Selector is null ? null : new LabelSelector { MatchLabels = spec.Selector },
            Template = spec.Template,
        },
        Status = rc.Status is { } status ? FromStatus(status) : null,
    };

    public static ReplicationControllerStatus ToStatus(ReplicaSetStatus status) => new()
    {
        Replicas = status.Replicas,
        FullyLabeledReplicas = status.FullyLabeledReplicas,
        ReadyReplicas = status.ReadyReplicas,
        AvailableReplicas = status.AvailableReplicas,
        ObservedGeneration = status.ObservedGeneration,
        Conditions = status.Conditions?.Select(c => new ReplicationControllerCondition
        {
            Type = c.Type, Status = c.Status, LastTransitionTime = c.LastTransitionTime, Reason = c.Reason, Message = c.Message,
        }).ToList(),
    };

    public static ReplicaSetStatus FromStatus(ReplicationControllerStatus status) => new()
    {
        Replicas = status.Replicas,
        FullyLabeledReplicas = status.FullyLabeledReplicas,
        ReadyReplicas = status.ReadyReplicas,
        AvailableReplicas = status.AvailableReplicas,
        ObservedGeneration = status.ObservedGeneration,
        Conditions = status.Conditions?.Select(c => new ReplicaSetCondition
        {
            Type = c.Type, Status = c.Status, LastTransitionTime = c.LastTransitionTime, Reason = c.Reason, Message = c.Message,
        }).ToList(),
    };
}
