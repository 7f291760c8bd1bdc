namespace OrleansKube.Model.Autoscaling;

/// <summary>One metric to scale on; only the member its <see cref="Type"/> names is set.</summary>
public sealed record MetricSpec
{
    public MetricSourceType Type { get; set; }

    public ObjectMetricSource? Object { get; set; }

    public PodsMetricSource? Pods { get; set; }

    public ResourceMetricSource? Resource { get; set; }

    public ContainerResourceMetricSource? ContainerResource { get; set; }

    public ExternalMetricSource? External { get; set; }
}
