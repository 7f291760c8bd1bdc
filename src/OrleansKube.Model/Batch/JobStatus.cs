namespace OrleansKube.Model.Batch;

public sealed record JobStatus
{
    public List<JobCondition>? Conditions { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? CompletionTime { get; set; }

    public int? Active { get; set; }

    public int? Succeeded { get; set; }

    public int? Failed { get; set; }

    public int? Terminating { get; set; }

    public int? Ready { get; set; }

    public string? CompletedIndexes { get; set; }

    public string? FailedIndexes { get; set; }

    public UncountedTerminatedPods? UncountedTerminatedPods { get; set; }
}
