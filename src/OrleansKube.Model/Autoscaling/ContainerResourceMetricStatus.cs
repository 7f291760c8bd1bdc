namespace OrleansKube.Model.Autoscaling;

/// <summary>The current usage of one container's resource, averaged over the pods.</summary>
public sealed record ContainerResourceMetricStatus
{
    public string Name { get; set; } = "";

    public MetricValueStatus? Current { get; set; }

    public string Container { get; set; } = "";
}
