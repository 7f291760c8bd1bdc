namespace OrleansKube.Model.Autoscaling;

/// <summary>The current value of an object metric.</summary>
public sealed record ObjectMetricStatus
{
    public MetricIdentifier? Metric { get; set; }

    public MetricValueStatus? Current { get; set; }

    public CrossVersionObjectReference? DescribedObject { get; set; }
}
