namespace OrleansKube.Model.Core;

/// <summary>The <see cref="PodSpec"/> fields an ordinary pod leaves unset, held apart so such a pod pays one reference for all of them.</summary>
internal sealed record PodSpecRareFields
{
    public static readonly PodSpecRareFields None = new();

    public List<EphemeralContainer>? EphemeralContainers { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public string? DnsPolicy { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }

    public bool? HostNetwork { get; set; }

    public bool? HostPID { get; set; }

    public bool? HostIPC { get; set; }

    public bool? ShareProcessNamespace { get; set; }

    public PodSecurityContext? SecurityContext { get; set; }

    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    public string? Hostname { get; set; }

    public string? Subdomain { get; set; }

    public List<HostAlias>? HostAliases { get; set; }

    public PodDNSConfig? DnsConfig { get; set; }

    public List<PodReadinessGate>? ReadinessGates { get; set; }

    public string? RuntimeClassName { get; set; }

    public bool? EnableServiceLinks { get; set; }

    public Dictionary<string, Quantity>? Overhead { get; set; }

    public bool? SetHostnameAsFQDN { get; set; }

    public PodOS? OS { get; set; }

    public bool? HostUsers { get; set; }

    public List<PodSchedulingGate>? SchedulingGates { get; set; }

    public List<PodResourceClaim>? ResourceClaims { get; set; }

    public ResourceRequirements? Resources { get; set; }
}
