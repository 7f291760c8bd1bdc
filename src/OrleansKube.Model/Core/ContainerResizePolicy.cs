namespace OrleansKube.Model.Core;

/// <summary>Whether resizing a resource in place restarts the container (stored and returned as written).</summary>
public sealed record ContainerResizePolicy
{
    public string ResourceName { get; set; } = "";

    public ResourceResizeRestartPolicy RestartPolicy { get; set; }
}
