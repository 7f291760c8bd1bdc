namespace OrleansKube.Model.Autoscaling;

public sealed record PodsMetricSource
{
    public MetricIdentifier? Metric { get; set; }

    public MetricTarget? Target { get; set; }
}
