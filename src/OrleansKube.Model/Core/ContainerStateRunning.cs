namespace OrleansKube.Model.Core;

public sealed record ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; set; }
}
