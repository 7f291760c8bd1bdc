namespace OrleansKube.Model.Autoscaling;

/// <summary>The current average of a per-pod metric.</summary>
public sealed record PodsMetricStatus
{
    public MetricIdentifier? Metric { get; set; }

    public MetricValueStatus? Current { get; set; }
}
