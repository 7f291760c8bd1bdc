namespace OrleansKube.Model.Core;

public sealed record NodeSelectorTerm
{
    public List<NodeSelectorRequirement>? MatchExpressions { get; set; }

    public List<NodeSelectorRequirement>? MatchFields { get; set; }
}
