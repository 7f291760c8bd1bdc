namespace OrleansKube.Model.Core;

public sealed record Pod : KubeObject
{
    public PodSpec Spec { get; set; } = new();

    public PodStatus? Status { get; set; }
}
