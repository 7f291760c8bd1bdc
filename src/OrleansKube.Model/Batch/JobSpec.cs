namespace OrleansKube.Model.Batch;

public sealed record JobSpec
{
    public int? Parallelism { get; set; }

    public int? Completions { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public PodFailurePolicy? PodFailurePolicy { get; set; }

    // Stored and returned as written, with backoffLimitPerIndex, maxFailedIndexes and podReplacementPolicy.
    public SuccessPolicy? SuccessPolicy { get; set; }

    public int? BackoffLimit { get; set; }

    public int? BackoffLimitPerIndex { get; set; }

    public int? MaxFailedIndexes { get; set; }

    public LabelSelector? Selector { get; set; }

    public bool? ManualSelector { get; set; }

    public PodTemplateSpec? Template { get; set; }

    public int? TtlSecondsAfterFinished { get; set; }

    public CompletionMode? CompletionMode { get; set; }

    public bool? Suspend { get; set; }

    public PodReplacementPolicy? PodReplacementPolicy { get; set; }

    /// <summary>The controller that manages the Job when not the built-in one; stored as written.</summary>
    public string? ManagedBy { get; set; }
}
