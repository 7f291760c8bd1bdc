namespace OrleansKube.Model.Apps;

public sealed record StatefulSet : KubeObject
{
    public StatefulSetSpec? Spec { get; set; }

    public StatefulSetStatus? Status { get; set; }
}
