namespace OrleansKube.Model.Core;

public sealed record LimitRangeItem
{
    public LimitType Type { get; set; }

    public Dictionary<string, Quantity>? Max { get; set; }

    public Dictionary<string, Quantity>? Min { get; set; }

    public Dictionary<string, Quantity>? Default { get; set; }

    public Dictionary<string, Quantity>? DefaultRequest { get; set; }

    public Dictionary<string, Quantity>? MaxLimitRequestRatio { get; set; }
}
