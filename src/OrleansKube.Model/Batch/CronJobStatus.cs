namespace OrleansKube.Model.Batch;

public sealed record CronJobStatus
{
    public List<ObjectReference>? Active { get; set; }

    public DateTimeOffset? LastScheduleTime { get; set; }

    public DateTimeOffset? LastSuccessfulTime { get; set; }
}
