namespace OrleansKube.Model.Batch;

public sealed record Job : KubeObject
{
    public JobSpec? Spec { get; set; }

    public JobStatus? Status { get; set; }
}
