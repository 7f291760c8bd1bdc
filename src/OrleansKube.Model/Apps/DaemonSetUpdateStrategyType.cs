namespace OrleansKube.Model.Apps;

public enum DaemonSetUpdateStrategyType
{
    RollingUpdate,
    OnDelete,
}
