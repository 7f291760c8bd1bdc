namespace OrleansKube.Model.Apps;

public enum StatefulSetUpdateStrategyType
{
    RollingUpdate,
    OnDelete,
}
