namespace OrleansKube.Model.Batch;

/// <summary>How a Job treats a failed pod, by its exit codes or conditions (the first matching rule wins).</summary>
public sealed record PodFailurePolicy
{
    public List<PodFailurePolicyRule> Rules { get; set; } = [];
}
