namespace OrleansKube.Model.Autoscaling;

public sealed record ResourceMetricStatus
{
    public string Name { get; set; } = "";

    public MetricValueStatus? Current { get; set; }
}
