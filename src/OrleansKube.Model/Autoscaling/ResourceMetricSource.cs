namespace OrleansKube.Model.Autoscaling;

public sealed record ResourceMetricSource
{
    /// <summary>cpu or memory.</summary>
    public string Name { get; set; } = "";

    public MetricTarget? Target { get; set; }
}
