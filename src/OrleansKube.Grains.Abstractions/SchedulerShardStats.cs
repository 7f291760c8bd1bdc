namespace OrleansKube.Grains.Abstractions;

[GenerateSerializer]
[Alias("OrleansKube.SchedulerShardStats")]
[Immutable]
public sealed record SchedulerShardStats(
    [property: Id(0)] int Nodes,
    [property: Id(1)] int Active,
    [property: Id(2)] int Backoff,
    [property: Id(3)] int Unschedulable,
    [property: Id(4)] long Scheduled,
    [property: Id(5)] long Attempts,
    [property: Id(6)] long Preempted,
    [property: Id(7)] long RefusedByLedger);
