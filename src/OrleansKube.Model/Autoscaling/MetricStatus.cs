namespace OrleansKube.Model.Autoscaling;

/// <summary>A metric's last reading. Only Resource metrics are simulated, so only those are ever reported.</summary>
public sealed record MetricStatus
{
    public MetricSourceType Type { get; set; }

    public ObjectMetricStatus? Object { get; set; }

    public PodsMetricStatus? Pods { get; set; }

    public ResourceMetricStatus? Resource { get; set; }

    public ContainerResourceMetricStatus? ContainerResource { get; set; }

    public ExternalMetricStatus? External { get; set; }
}
