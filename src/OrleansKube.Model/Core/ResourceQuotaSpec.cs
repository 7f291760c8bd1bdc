namespace OrleansKube.Model.Core;

public sealed record ResourceQuotaSpec
{
    public Dictionary<string, Quantity>? Hard { get; set; }

    public List<ResourceQuotaScope>? Scopes { get; set; }

    public ScopeSelector? ScopeSelector { get; set; }
}
