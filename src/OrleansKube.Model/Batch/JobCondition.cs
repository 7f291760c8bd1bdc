namespace OrleansKube.Model.Batch;

public sealed record JobCondition
{
    public string Type { get; set; } = "";

    public ConditionStatus Status { get; set; }

    public DateTimeOffset? LastProbeTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
