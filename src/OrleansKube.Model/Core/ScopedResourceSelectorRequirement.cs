namespace OrleansKube.Model.Core;

public sealed record ScopedResourceSelectorRequirement
{
    public ResourceQuotaScope ScopeName { get; set; }

    public ScopeSelectorOperator Operator { get; set; }

    public List<string>? Values { get; set; }
}
