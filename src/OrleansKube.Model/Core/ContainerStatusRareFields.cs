namespace OrleansKube.Model.Core;

/// <summary>The <see cref="ContainerStatus"/> fields the simulated kubelet does not report, held apart behind one reference.</summary>
internal sealed record ContainerStatusRareFields
{
    public static readonly ContainerStatusRareFields None = new();

    public Dictionary<string, Quantity>? AllocatedResources { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public List<VolumeMountStatus>? VolumeMounts { get; set; }

    public ContainerUser? User { get; set; }

    public List<ResourceStatus>? AllocatedResourcesStatus { get; set; }
}
