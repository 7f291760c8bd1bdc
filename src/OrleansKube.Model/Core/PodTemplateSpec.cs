namespace OrleansKube.Model.Core;

public sealed record PodTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }

    public PodSpec? Spec { get; set; }
}
