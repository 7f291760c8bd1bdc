namespace OrleansKube.Model.Meta;

public sealed record LabelSelectorRequirement
{
    public string Key { get; set; } = "";

    public LabelSelectorOperator Operator { get; set; }

    public List<string>? Values { get; set; }
}
