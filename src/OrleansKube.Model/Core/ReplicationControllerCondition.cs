namespace OrleansKube.Model.Core;

public sealed record ReplicationControllerCondition
{
    public string Type { get; set; } = "";

    public ConditionStatus Status { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
