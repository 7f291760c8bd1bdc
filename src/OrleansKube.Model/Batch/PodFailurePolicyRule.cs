namespace OrleansKube.Model.Batch;

public sealed record PodFailurePolicyRule
{
    public PodFailurePolicyAction Action { get; set; }

    public PodFailurePolicyOnExitCodesRequirement? OnExitCodes { get; set; }

    public List<PodFailurePolicyOnPodConditionsPattern>? OnPodConditions { get; set; }
}
