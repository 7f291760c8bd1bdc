namespace OrleansKube.Model.Core;

public sealed record PodStatus
{
    public PodPhase? Phase { get; set; }

    public List<PodCondition>? Conditions { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public string? NominatedNodeName { get; set; }

    public string? HostIP { get; set; }

    public string? PodIP { get; set; }

    public List<PodIP>? PodIPs { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public List<ContainerStatus>? InitContainerStatuses { get; set; }

    public List<ContainerStatus>? ContainerStatuses { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("qosClass")]
    public PodQosClass? QosClass { get; set; }
}
