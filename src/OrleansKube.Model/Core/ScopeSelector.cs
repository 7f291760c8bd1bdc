namespace OrleansKube.Model.Core;

public sealed record ScopeSelector
{
    public List<ScopedResourceSelectorRequirement>? MatchExpressions { get; set; }
}
