namespace OrleansKube.Model.Core;

public sealed record NodeSelectorRequirement
{
    public string Key { get; set; } = "";

    public NodeSelectorOperator Operator { get; set; }

    public List<string>? Values { get; set; }
}
