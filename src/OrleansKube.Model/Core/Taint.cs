namespace OrleansKube.Model.Core;

public sealed record Taint
{
    public string Key { get; set; } = "";

    public string? Value { get; set; }

    public TaintEffect Effect { get; set; }

    public DateTimeOffset? TimeAdded { get; set; }
}
