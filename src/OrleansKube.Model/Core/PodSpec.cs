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
}
