namespace OrleansKube.Model.Autoscaling;

public sealed record MetricValueStatus
{
    public Quantity? Value { get; set; }

    public Quantity? AverageValue { get; set; }

    public int? AverageUtilization { get; set; }
}
