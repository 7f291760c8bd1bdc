namespace OrleansKube.Model.Apps;

public sealed record Deployment : KubeObject
{
    public DeploymentSpec? Spec { get; set; }

    public DeploymentStatus? Status { get; set; }
}
