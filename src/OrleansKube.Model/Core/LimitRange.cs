namespace OrleansKube.Model.Core;

public sealed record LimitRange : KubeObject
{
    public LimitRangeSpec? Spec { get; set; }
}
