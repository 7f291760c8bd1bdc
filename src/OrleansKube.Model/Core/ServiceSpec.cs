namespace OrleansKube.Model.Core;

public sealed record ServiceSpec
{
    public ServiceType? Type { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public List<ServicePort>? Ports { get; set; }

    public string? ClusterIP { get; set; }

    public List<string>? ClusterIPs { get; set; }

    public string? ExternalName { get; set; }

    public string? SessionAffinity { get; set; }

    /// <summary>Stored and returned as written: no proxy applies it.</summary>
    public SessionAffinityConfig? SessionAffinityConfig { get; set; }

    /// <summary>Stored and returned as written: no proxy routes them.</summary>
    public List<string>? ExternalIPs { get; set; }

    public string? ExternalTrafficPolicy { get; set; }

    public string? InternalTrafficPolicy { get; set; }

    public List<string>? IpFamilies { get; set; }

    public string? IpFamilyPolicy { get; set; }

    /// <summary>Stored and returned as written: no load balancer is provisioned.</summary>
    public string? LoadBalancerIP { get; set; }

    public List<string>? LoadBalancerSourceRanges { get; set; }

    public int? HealthCheckNodePort { get; set; }

    /// <summary>Not-ready (and terminating) pods are listed among the Endpoints' ready addresses.</summary>
    public bool? PublishNotReadyAddresses { get; set; }

    public bool? AllocateLoadBalancerNodePorts { get; set; }

    public string? LoadBalancerClass { get; set; }

    /// <summary>Stored and returned as written: no proxy routes by it.</summary>
    public string? TrafficDistribution { get; set; }
}
