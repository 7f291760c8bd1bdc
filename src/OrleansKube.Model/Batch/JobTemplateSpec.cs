namespace OrleansKube.Model.Batch;

public sealed record JobTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }

    public JobSpec? Spec { get; set; }
}
