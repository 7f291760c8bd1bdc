namespace OrleansKube.Model.Core;

public sealed record ContainerStateWaiting
{
    public string? Reason { get; set; }

    public string? Message { get; set; }
}
