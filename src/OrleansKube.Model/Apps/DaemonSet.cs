namespace OrleansKube.Model.Apps;

public sealed record DaemonSet : KubeObject
{
    public DaemonSetSpec? Spec { get; set; }

    public DaemonSetStatus? Status { get; set; }
}
