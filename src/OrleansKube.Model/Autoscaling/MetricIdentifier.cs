namespace OrleansKube.Model.Autoscaling;

public sealed record MetricIdentifier
{
    public string Name { get; set; } = "";

    public LabelSelector? Selector { get; set; }
}
