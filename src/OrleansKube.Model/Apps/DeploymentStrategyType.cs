namespace OrleansKube.Model.Apps;

public enum DeploymentStrategyType
{
    Recreate,
    RollingUpdate,
}
