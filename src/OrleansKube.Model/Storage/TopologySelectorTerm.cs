namespace OrleansKube.Model.Storage;

public sealed record TopologySelectorTerm
{
    public List<TopologySelectorLabelRequirement>? MatchLabelExpressions { get; set; }
}
