namespace OrleansKube.Model.Core;

/// <summary>core/v1 ReplicationController: the ReplicaSet's predecessor, with an equality-only selector (a plain map).</summary>
public sealed record ReplicationController : KubeObject
{
    public ReplicationControllerSpec? Spec { get; set; }

    public ReplicationControllerStatus? Status { get; set; }
}
