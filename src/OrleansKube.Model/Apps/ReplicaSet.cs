namespace OrleansKube.Model.Apps;

public sealed record ReplicaSet : KubeObject
{
    public ReplicaSetSpec? Spec { get; set; }

    public ReplicaSetStatus? Status { get; set; }
}
