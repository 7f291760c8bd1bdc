namespace OrleansKube.Model.Batch;

public sealed record SuccessPolicyRule
{
    public string? SucceededIndexes { get; set; }

    public int? SucceededCount { get; set; }
}
