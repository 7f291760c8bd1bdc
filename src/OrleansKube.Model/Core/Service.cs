namespace OrleansKube.Model.Core;

public sealed record Service : KubeObject
{
    public ServiceSpec? Spec { get; set; }

    public ServiceStatus? Status { get; set; }
}
