namespace OrleansKube.Model.Networking;

public sealed record IngressLoadBalancerStatus
{
    public List<IngressLoadBalancerIngress>? Ingress { get; set; }
}
