namespace OrleansKube.Model.Autoscaling;

public sealed record ExternalMetricSource
{
    public MetricIdentifier? Metric { get; set; }

    public MetricTarget? Target { get; set; }
}
