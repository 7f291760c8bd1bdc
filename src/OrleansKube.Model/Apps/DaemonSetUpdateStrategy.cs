namespace OrleansKube.Model.Apps;

public sealed record DaemonSetUpdateStrategy
{
    public DaemonSetUpdateStrategyType? Type { get; set; }

    public RollingUpdateDaemonSet? RollingUpdate { get; set; }
}
