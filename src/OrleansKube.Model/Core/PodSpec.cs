namespace OrleansKube.Model.Core;

/// <summary>
/// A pod's spec. The fields an ordinary pod leaves unset live in one lazily made <see cref="PodSpecRareFields"/>
/// (a pod is the hot object: each field held here costs 8 bytes in every pod); they read, write and serialize as
/// ordinary properties, in upstream's flat JSON shape.
/// </summary>
public sealed record PodSpec
{
    private PodSpecRareFields? _rare;

    public List<Volume>? Volumes { get; set; }

    public List<Container>? InitContainers { get; set; }

    public List<Container> Containers { get; set; } = [];

    /// <summary>Containers added to a running pod for debugging (<c>kubectl debug</c>); only the ephemeralcontainers subresource sets them.</summary>
    public List<EphemeralContainer>? EphemeralContainers { get => _rare?.EphemeralContainers; set => Rare(value, r => r with { EphemeralContainers = value }); }

    public RestartPolicy? RestartPolicy { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public long? ActiveDeadlineSeconds { get => _rare?.ActiveDeadlineSeconds; set => Rare(value, r => r with { ActiveDeadlineSeconds = value }); }

    public string? DnsPolicy { get => _rare?.DnsPolicy; set => Rare(value, r => r with { DnsPolicy = value }); }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public string? ServiceAccountName { get; set; }

    /// <summary>Deprecated alias of <see cref="ServiceAccountName"/> (admission sets both on every pod, as upstream's conversion does).</summary>
    public string? ServiceAccount { get; set; }

    public bool? AutomountServiceAccountToken { get => _rare?.AutomountServiceAccountToken; set => Rare(value, r => r with { AutomountServiceAccountToken = value }); }

    public string? NodeName { get; set; }

    public bool? HostNetwork { get => _rare?.HostNetwork; set => Rare(value, r => r with { HostNetwork = value }); }

    public bool? HostPID { get => _rare?.HostPID; set => Rare(value, r => r with { HostPID = value }); }

    public bool? HostIPC { get => _rare?.HostIPC; set => Rare(value, r => r with { HostIPC = value }); }

    public bool? ShareProcessNamespace { get => _rare?.ShareProcessNamespace; set => Rare(value, r => r with { ShareProcessNamespace = value }); }

    public PodSecurityContext? SecurityContext { get => _rare?.SecurityContext; set => Rare(value, r => r with { SecurityContext = value }); }

    public List<LocalObjectReference>? ImagePullSecrets { get => _rare?.ImagePullSecrets; set => Rare(value, r => r with { ImagePullSecrets = value }); }

    public string? Hostname { get => _rare?.Hostname; set => Rare(value, r => r with { Hostname = value }); }

    public string? Subdomain { get => _rare?.Subdomain; set => Rare(value, r => r with { Subdomain = value }); }

    public Affinity? Affinity { get; set; }

    public string? SchedulerName { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public List<HostAlias>? HostAliases { get => _rare?.HostAliases; set => Rare(value, r => r with { HostAliases = value }); }

    public string? PriorityClassName { get; set; }

    public int? Priority { get; set; }

    public PodDNSConfig? DnsConfig { get => _rare?.DnsConfig; set => Rare(value, r => r with { DnsConfig = value }); }

    /// <summary>Conditions others set (a load balancer's, a mesh's) that must be True for the pod to be Ready.</summary>
    public List<PodReadinessGate>? ReadinessGates { get => _rare?.ReadinessGates; set => Rare(value, r => r with { ReadinessGates = value }); }

    public string? RuntimeClassName { get => _rare?.RuntimeClassName; set => Rare(value, r => r with { RuntimeClassName = value }); }

    public bool? EnableServiceLinks { get => _rare?.EnableServiceLinks; set => Rare(value, r => r with { EnableServiceLinks = value }); }

    public PreemptionPolicy? PreemptionPolicy { get; set; }

    /// <summary>Resources the pod's sandbox uses on top of its containers' (counted by the scheduler's fit, as upstream adds it to the requests).</summary>
    public Dictionary<string, Quantity>? Overhead { get => _rare?.Overhead; set => Rare(value, r => r with { Overhead = value }); }

    public List<TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    public bool? SetHostnameAsFQDN { get => _rare?.SetHostnameAsFQDN; set => Rare(value, r => r with { SetHostnameAsFQDN = value }); }

    public PodOS? OS { get => _rare?.OS; set => Rare(value, r => r with { OS = value }); }

    public bool? HostUsers { get => _rare?.HostUsers; set => Rare(value, r => r with { HostUsers = value }); }

    /// <summary>While any gate is left the scheduler does not consider the pod (PodScheduled=False, reason SchedulingGated).</summary>
    public List<PodSchedulingGate>? SchedulingGates { get => _rare?.SchedulingGates; set => Rare(value, r => r with { SchedulingGates = value }); }

    public List<PodResourceClaim>? ResourceClaims { get => _rare?.ResourceClaims; set => Rare(value, r => r with { ResourceClaims = value }); }

    /// <summary>Pod-level requests and limits (cpu and memory), stored as written.</summary>
    public ResourceRequirements? Resources { get => _rare?.Resources; set => Rare(value, r => r with { Resources = value }); }

    /// <summary>
    /// Copy on write: a <c>with</c> copy of a spec shares its holder, so a set makes a new one rather than change the
    /// one both see. A null set on a spec with no holder makes none.
    /// </summary>
    private void Rare<T>(T? value, Func<PodSpecRareFields, PodSpecRareFields> set) =>
        _rare = value is null && _rare is null ? null : set(_rare ?? PodSpecRareFields.None);
}
