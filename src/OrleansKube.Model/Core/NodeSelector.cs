namespace OrleansKube.Model.Core;

public sealed record NodeSelector
{
    public List<NodeSelectorTerm> NodeSelectorTerms { get; set; } = [];
}
