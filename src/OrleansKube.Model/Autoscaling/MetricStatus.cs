namespace OrleansKube.Model.Autoscaling;

/// <summary>A metric's last reading. Only Resource metrics are simulated, so only those are ever reported.</summary>
public sealed record MetricStatus
{
    public MetricSourceType Type { get; set; }

    public ResourceMetricStatus? Resource { get; set; }
}
