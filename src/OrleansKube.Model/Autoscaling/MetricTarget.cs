namespace OrleansKube.Model.Autoscaling;

public sealed record MetricTarget
{
    public MetricTargetType Type { get; set; }

    public Quantity? Value { get; set; }

    public Quantity? AverageValue { get; set; }

    /// <summary>Percent of the pods' request (Resource and ContainerResource metrics only).</summary>
    public int? AverageUtilization { get; set; }
}
