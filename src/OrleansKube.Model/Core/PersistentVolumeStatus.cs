namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeStatus
{
    public PersistentVolumePhase? Phase { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset? LastPhaseTransitionTime { get; set; }
}
