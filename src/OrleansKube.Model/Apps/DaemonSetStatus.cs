namespace OrleansKube.Model.Apps;

public sealed record DaemonSetStatus
{
    public int CurrentNumberScheduled { get; set; }

    public int NumberMisscheduled { get; set; }

    public int DesiredNumberScheduled { get; set; }

    public int NumberReady { get; set; }

    public long? ObservedGeneration { get; set; }

    public int? UpdatedNumberScheduled { get; set; }

    public int? NumberAvailable { get; set; }

    public int? NumberUnavailable { get; set; }

    public int? CollisionCount { get; set; }

    public List<DaemonSetCondition>? Conditions { get; set; }
}
