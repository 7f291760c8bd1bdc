namespace OrleansKube.Model.Networking;

public sealed record IngressStatus
{
    public IngressLoadBalancerStatus? LoadBalancer { get; set; }
}
