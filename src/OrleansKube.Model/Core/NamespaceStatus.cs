namespace OrleansKube.Model.Core;

public sealed record NamespaceStatus
{
    public NamespacePhase? Phase { get; set; }

    public List<NamespaceCondition>? Conditions { get; set; }
}
