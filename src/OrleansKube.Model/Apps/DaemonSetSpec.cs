namespace OrleansKube.Model.Apps;

public sealed record DaemonSetSpec
{
    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }

    public DaemonSetUpdateStrategy? UpdateStrategy { get; set; }

    public int? MinReadySeconds { get; set; }

    public int? RevisionHistoryLimit { get; set; }
}
