namespace OrleansKube.Model.Batch;

public sealed record PodFailurePolicyOnPodConditionsPattern
{
    public string Type { get; set; } = "";

    public ConditionStatus Status { get; set; }
}
