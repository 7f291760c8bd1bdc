namespace OrleansKube.Model.Core;

public sealed record Namespace : KubeObject
{
    public NamespaceSpec? Spec { get; set; }

    public NamespaceStatus? Status { get; set; }
}
