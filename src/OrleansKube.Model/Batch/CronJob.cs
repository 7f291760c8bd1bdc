namespace OrleansKube.Model.Batch;

public sealed record CronJob : KubeObject
{
    public CronJobSpec? Spec { get; set; }

    public CronJobStatus? Status { get; set; }
}
