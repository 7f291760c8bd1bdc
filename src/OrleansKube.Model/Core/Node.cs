namespace OrleansKube.Model.Core;

public sealed record Node : KubeObject
{
    public NodeSpec? Spec { get; set; }

    public NodeStatus? Status { get; set; }
}
