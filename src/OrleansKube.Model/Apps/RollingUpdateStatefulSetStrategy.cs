namespace OrleansKube.Model.Apps;

public sealed record RollingUpdateStatefulSetStrategy
{
    /// <summary>Pods with an ordinal below this keep their revision during a rolling update.</summary>
    public int? Partition { get; set; }

    /// <summary>Stored; upstream's MaxUnavailableStatefulSet gate is off by default, so updates go one pod at a time.</summary>
    public IntOrString? MaxUnavailable { get; set; }
}
