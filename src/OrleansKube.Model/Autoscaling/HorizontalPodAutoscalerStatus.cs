namespace OrleansKube.Model.Autoscaling;

public sealed record HorizontalPodAutoscalerStatus
{
    public long? ObservedGeneration { get; set; }

    public DateTimeOffset? LastScaleTime { get; set; }

    public int? CurrentReplicas { get; set; }

    public int DesiredReplicas { get; set; }

    public List<MetricStatus>? CurrentMetrics { get; set; }

    public List<HorizontalPodAutoscalerCondition>? Conditions { get; set; }
}
