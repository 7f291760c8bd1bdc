namespace OrleansKube.Model.Batch;

public sealed record JobSpec
{
    public int? Parallelism { get; set; }

    public int? Completions { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public int? BackoffLimit { get; set; }

    public LabelSelector? Selector { get; set; }

    public bool? ManualSelector { get; set; }

    public PodTemplateSpec? Template { get; set; }

    public int? TtlSecondsAfterFinished { get; set; }

    public CompletionMode? CompletionMode { get; set; }

    public bool? Suspend { get; set; }
}
