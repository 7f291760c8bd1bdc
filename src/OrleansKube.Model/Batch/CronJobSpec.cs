namespace OrleansKube.Model.Batch;

public sealed record CronJobSpec
{
    public string Schedule { get; set; } = "";

    public string? TimeZone { get; set; }

    public long? StartingDeadlineSeconds { get; set; }

    public ConcurrencyPolicy? ConcurrencyPolicy { get; set; }

    public bool? Suspend { get; set; }

    public JobTemplateSpec? JobTemplate { get; set; }

    public int? SuccessfulJobsHistoryLimit { get; set; }

    public int? FailedJobsHistoryLimit { get; set; }
}
