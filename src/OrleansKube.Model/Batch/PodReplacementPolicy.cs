namespace OrleansKube.Model.Batch;

public enum PodReplacementPolicy
{
    TerminatingOrFailed,
    Failed,
}
