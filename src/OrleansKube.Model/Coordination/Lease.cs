namespace OrleansKube.Model.Coordination;

public sealed record Lease : KubeObject
{
    public LeaseSpec? Spec { get; set; }
}
