namespace OrleansKube.Model.Autoscaling;

public sealed record HorizontalPodAutoscalerSpec
{
    public CrossVersionObjectReference? ScaleTargetRef { get; set; }

    /// <summary>Defaulted to 1 on create.</summary>
    public int? MinReplicas { get; set; }

    public int MaxReplicas { get; set; }

    /// <summary>Upstream defaults an empty list to cpu at 80 % utilization.</summary>
    public List<MetricSpec>? Metrics { get; set; }

    public HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}
