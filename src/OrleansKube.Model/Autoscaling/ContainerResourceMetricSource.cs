namespace OrleansKube.Model.Autoscaling;

public sealed record ContainerResourceMetricSource
{
    public string Name { get; set; } = "";

    public string Container { get; set; } = "";

    public MetricTarget? Target { get; set; }
}
