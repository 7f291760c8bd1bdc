namespace OrleansKube.Model.Batch;

/// <summary>When an Indexed Job counts as succeeded before all its indexes have (stored and returned as written).</summary>
public sealed record SuccessPolicy
{
    public List<SuccessPolicyRule> Rules { get; set; } = [];
}
