namespace OrleansKube.Model.Autoscaling;

public enum MetricSourceType
{
    Object,
    Pods,
    Resource,
    ContainerResource,
    External,
}
