namespace OrleansKube.Model.Apps;

public sealed record StatefulSetUpdateStrategy
{
    public StatefulSetUpdateStrategyType? Type { get; set; }

    public RollingUpdateStatefulSetStrategy? RollingUpdate { get; set; }
}
