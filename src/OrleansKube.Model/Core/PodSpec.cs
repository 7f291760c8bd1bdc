namespace OrleansKube.Model.Core;

public sealed record PodSpec
{
    public List<Container>? InitContainers { get; set; }

    public List<Container> Containers { get; set; } = [];

    public List<Volume>? Volumes { get; set; }

    public string? NodeName { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public Affinity? Affinity { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public List<TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    public string? SchedulerName { get; set; }

    public string? PriorityClassName { get; set; }

    public int? Priority { get; set; }

    public PreemptionPolicy? PreemptionPolicy { get; set; }

    public RestartPolicy? RestartPolicy { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public string? ServiceAccountName { get; set; }

    public bool? HostNetwork { get; set; }

    public string? Hostname { get; set; }

    public string? Subdomain { get; set; }

    // Stored and returned as written: the simulation has no processes, files or network namespaces for them to act on.

    /// <summary>Deprecated alias of <see cref="ServiceAccountName"/>.</summary>
    public string? ServiceAccount { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }

    public string? DnsPolicy { get; set; }

    public PodDNSConfig? DnsConfig { get; set; }

    public bool? HostPID { get; set; }

    public bool? HostIPC { get; set; }

    public bool? HostUsers { get; set; }

    public List<HostAlias>? HostAliases { get; set; }

    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    public PodSecurityContext? SecurityContext { get; set; }

    public bool? ShareProcessNamespace { get; set; }

    public bool? EnableServiceLinks { get; set; }

    public bool? SetHostnameAsFQDN { get; set; }

    public string? RuntimeClassName { get; set; }

    /// <summary>Conditions others set (a load balancer's, a mesh's) that must be True for the pod to be Ready.</summary>
    public List<PodReadinessGate>? ReadinessGates { get; set; }

    public PodOS? OS { get; set; }
}
