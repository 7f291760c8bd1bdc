namespace OrleansKube.Model.Autoscaling;

/// <summary>The current value of a metric from outside the cluster.</summary>
public sealed record ExternalMetricStatus
{
    public MetricIdentifier? Metric { get; set; }

    public MetricValueStatus? Current { get; set; }
}
