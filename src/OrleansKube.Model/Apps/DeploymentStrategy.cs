namespace OrleansKube.Model.Apps;

public sealed record DeploymentStrategy
{
    public DeploymentStrategyType? Type { get; set; }

    public RollingUpdateDeployment? RollingUpdate { get; set; }
}
