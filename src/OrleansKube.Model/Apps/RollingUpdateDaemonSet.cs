namespace OrleansKube.Model.Apps;

public sealed record RollingUpdateDaemonSet
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MaxSurge { get; set; }
}
