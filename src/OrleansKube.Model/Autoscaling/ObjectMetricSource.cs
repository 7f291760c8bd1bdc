namespace OrleansKube.Model.Autoscaling;

public sealed record ObjectMetricSource
{
    public CrossVersionObjectReference? DescribedObject { get; set; }

    public MetricIdentifier? Metric { get; set; }

    public MetricTarget? Target { get; set; }
}
