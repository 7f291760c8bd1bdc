namespace OrleansKube.Model.Core;

public sealed record LoadBalancerStatus
{
    public List<LoadBalancerIngress>? Ingress { get; set; }
}
