namespace OrleansKube.Model.Networking;

/// <summary>One address the Ingress is reachable at (what <c>kubectl get ingress</c> shows as ADDRESS).</summary>
public sealed record IngressLoadBalancerIngress
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }

    public List<IngressPortStatus>? Ports { get; set; }
}
