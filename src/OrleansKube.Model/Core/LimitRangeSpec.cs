namespace OrleansKube.Model.Core;

public sealed record LimitRangeSpec
{
    public List<LimitRangeItem> Limits { get; set; } = [];
}
