namespace OrleansKube.Model.Core;

public sealed record ResourceQuotaStatus
{
    public Dictionary<string, Quantity>? Hard { get; set; }

    public Dictionary<string, Quantity>? Used { get; set; }
}
