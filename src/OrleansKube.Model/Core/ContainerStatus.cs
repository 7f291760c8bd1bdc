namespace OrleansKube.Model.Core;

/// <summary>A container's status. The fields the simulated kubelet does not report live in one lazily made holder.</summary>
public sealed record ContainerStatus
{
    private ContainerStatusRareFields? _rare;

    public string Name { get; set; } = "";

    public ContainerState? State { get; set; }

    public ContainerState? LastState { get; set; }

    public bool Ready { get; set; }

    public int RestartCount { get; set; }

    public string Image { get; set; } = "";

    public string ImageID { get; set; } = "";

    public string? ContainerID { get; set; }

    public bool? Started { get; set; }

    // Stored and returned as written: resources are not resized in place, nothing is mounted, no process runs as a user.
    public Dictionary<string, Quantity>? AllocatedResources { get => _rare?.AllocatedResources; set => Rare(value, r => r with { AllocatedResources = value }); }

    public ResourceRequirements? Resources { get => _rare?.Resources; set => Rare(value, r => r with { Resources = value }); }

    public List<VolumeMountStatus>? VolumeMounts { get => _rare?.VolumeMounts; set => Rare(value, r => r with { VolumeMounts = value }); }

    public ContainerUser? User { get => _rare?.User; set => Rare(value, r => r with { User = value }); }

    public List<ResourceStatus>? AllocatedResourcesStatus { get => _rare?.AllocatedResourcesStatus; set => Rare(value, r => r with { AllocatedResourcesStatus = value }); }

    /// <summary>Copy on write, as <see cref="PodSpec"/>'s: a <c>with</c> copy shares the holder.</summary>
    private void Rare<T>(T? value, Func<ContainerStatusRareFields, ContainerStatusRareFields> set) =>
        _rare = value is null && _rare is null ? null : set(_rare ?? ContainerStatusRareFields.None);
}
