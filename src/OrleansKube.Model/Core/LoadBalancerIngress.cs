namespace OrleansKube.Model.Core;

public sealed record LoadBalancerIngress
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }

    public LoadBalancerIPMode? IpMode { get; set; }

    public List<PortStatus>? Ports { get; set; }
}
