namespace OrleansKube.Model.Core;

public sealed record ServiceStatus
{
    public LoadBalancerStatus? LoadBalancer { get; set; }

    public List<Condition>? Conditions { get; set; }
}
