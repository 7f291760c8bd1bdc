namespace OrleansKube.Model.Core;

/// <summary>The <see cref="PodStatus"/> fields a running pod leaves unset, held apart so such a pod pays one reference for all of them.</summary>
internal sealed record PodStatusRareFields
{
    public static readonly PodStatusRareFields None = new();

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public string? NominatedNodeName { get; set; }

    public List<HostIP>? HostIPs { get; set; }

    public List<ContainerStatus>? EphemeralContainerStatuses { get; set; }

    public string? Resize { get; set; }

    public List<PodResourceClaimStatus>? ResourceClaimStatuses { get; set; }
}
