namespace OrleansKube.Model.Apps;

public sealed record ReplicaSetSpec
{
    public int? Replicas { get; set; }

    public int? MinReadySeconds { get; set; }

    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }
}
