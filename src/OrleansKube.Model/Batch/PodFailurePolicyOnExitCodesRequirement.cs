namespace OrleansKube.Model.Batch;

public sealed record PodFailurePolicyOnExitCodesRequirement
{
    public string? ContainerName { get; set; }

    public PodFailurePolicyOnExitCodesOperator Operator { get; set; }

    public List<int> Values { get; set; } = [];
}
