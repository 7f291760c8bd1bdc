namespace OrleansKube.Model.Core;

/// <summary>A pod's status; as in <see cref="PodSpec"/>, the fields a running pod leaves unset live in one lazily made holder.</summary>
public sealed record PodStatus
{
    private PodStatusRareFields? _rare;

    public PodPhase? Phase { get; set; }

    public List<PodCondition>? Conditions { get; set; }

    public string? Message { get => _rare?.Message; set => Rare(value, r => r with { Message = value }); }

    public string? Reason { get => _rare?.Reason; set => Rare(value, r => r with { Reason = value }); }

    public string? NominatedNodeName { get => _rare?.NominatedNodeName; set => Rare(value, r => r with { NominatedNodeName = value }); }

    public string? HostIP { get; set; }

    // Stored and returned as written: the kubelet reports the node's one address in hostIP only.
    public List<HostIP>? HostIPs { get => _rare?.HostIPs; set => Rare(value, r => r with { HostIPs = value }); }

    public string? PodIP { get; set; }

    public List<PodIP>? PodIPs { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public List<ContainerStatus>? InitContainerStatuses { get; set; }

    public List<ContainerStatus>? ContainerStatuses { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("qosClass")]
    public PodQosClass? QosClass { get; set; }

    public List<ContainerStatus>? EphemeralContainerStatuses { get => _rare?.EphemeralContainerStatuses; set => Rare(value, r => r with { EphemeralContainerStatuses = value }); }

    /// <summary>An in-place resize's progress (<c>Proposed</c>, <c>InProgress</c>, <c>Deferred</c>, <c>Infeasible</c>), stored as written.</summary>
    public string? Resize { get => _rare?.Resize; set => Rare(value, r => r with { Resize = value }); }

    public List<PodResourceClaimStatus>? ResourceClaimStatuses { get => _rare?.ResourceClaimStatuses; set => Rare(value, r => r with { ResourceClaimStatuses = value }); }

    /// <summary>Copy on write, as <see cref="PodSpec"/>'s: a <c>with</c> copy shares the holder.</summary>
    private void Rare<T>(T? value, Func<PodStatusRareFields, PodStatusRareFields> set) =>
        _rare = value is null && _rare is null ? null : set(_rare ?? PodStatusRareFields.None);
}
