namespace OrleansKube.Model.Autoscaling;

public enum MetricTargetType
{
    Utilization,
    Value,
    AverageValue,
}
