namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ContainerUser (stored and returned as written).</summary>
public sealed record ContainerUser
{
    public LinuxContainerUser? Linux { get; set; }
}
