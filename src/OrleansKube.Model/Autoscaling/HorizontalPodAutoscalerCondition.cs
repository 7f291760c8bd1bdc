namespace OrleansKube.Model.Autoscaling;

/// <summary>AbleToScale, ScalingActive or ScalingLimited.</summary>
public sealed record HorizontalPodAutoscalerCondition
{
    public string Type { get; set; } = "";

    public ConditionStatus Status { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
