namespace OrleansKube.Model.Batch;

public enum PodFailurePolicyAction
{
    FailJob,
    FailIndex,
    Ignore,
    Count,
}
