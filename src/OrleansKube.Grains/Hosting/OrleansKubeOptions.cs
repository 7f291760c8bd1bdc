using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.Grains.Hosting;

/// <summary>Settings of a simulated cluster, bound from the silo's command line and environment.</summary>
public sealed class OrleansKubeOptions
{
    /// <summary>How long a simulated container takes from ContainerCreating to Running.</summary>
    public TimeSpan PodStartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times faster than wall time the simulation runs (1: real time).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>
    /// The clock the simulation runs on (tests give a fake one and step it); the host's <see cref="TimeProvider"/>
    /// when null. Only the simulation reads it: Orleans' own timeouts and membership keep the host's clock.
    /// </summary>
    public TimeProvider? SimulationTime { get; set; }

    /// <summary>
    /// Shows the control plane in <c>kube-system</c> as a kubeadm cluster does: each silo's kube-apiserver, etcd,
    /// kube-scheduler and kube-controller-manager mirror pods (with logs of what they do), CoreDNS (a Deployment and the
    /// <c>kube-dns</c> Service) and kube-proxy (a DaemonSet, a pod per node). Off by default (tests, load tests); the silo's
    /// command line turns it on.
    /// </summary>
    public bool SystemPods { get; set; }

    /// <summary>
    /// How many silos a new cluster starts with: a silo starts nothing of its own (its bootstrap, its control-plane loops)
    /// until that many are active, so what the cluster makes at its start (scheduler shards, watch cache partitions and what
    /// goes beside them) spreads over them instead of staying on the first. 1: no wait. See <see cref="InitialSilos"/>.
    /// </summary>
    public int InitialSilos { get; set; } = 1;

    /// <summary>The nodes to bring up when the silo starts (none when null).</summary>
    public ClusterProfile? Profile { get; set; }

    /// <summary>The scheduler profiles and their shard counts (upstream's default profile, one shard, when not set).</summary>
    public SchedulerConfiguration Scheduler { get; set; } = SchedulerConfiguration.Default;

    /// <summary>The CIDR Services' ClusterIPs come from (upstream's --service-cluster-ip-range).</summary>
    public string ServiceClusterIpRange { get; set; } = Control.Services.ServiceAllocator.DefaultServiceCidr;

    /// <summary>Seeds the simulation's random choices (scheduler tie-breaks, generateName suffixes) so a run can be repeated; null: unseeded, as upstream.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// A Redis connection (StackExchange.Redis configuration, e.g. <c>localhost:6379</c>) that keeps every object
    /// so none is lost with a silo; null keeps objects only in their grains (the embedded default).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The prefix of this cluster's keys in Redis (one Redis can hold several clusters).</summary>
    public string StoragePrefix { get; set; } = "okube";

    /// <summary>
    /// How often the elected controller-manager hands every workload to its controller again (upstream's
    /// --min-resync-period, 12 h); it also does so on becoming leader.
    /// </summary>
    public TimeSpan MinResyncPeriod { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The most pods one workload may ask for (Deployment/ReplicaSet replicas, Job completions and parallelism); more is
    /// refused as Invalid naming the field. 0: no limit.
    /// </summary>
    public int MaxPodsPerWorkload { get; set; } = Control.Store.WorkloadLimits.DefaultMaxPodsPerWorkload;

    /// <summary>How long an Event is kept after its last timestamp (upstream's --event-ttl, 1 h), on the simulation clock.</summary>
    public TimeSpan EventTtl { get; set; } = Control.Store.EventRetention.DefaultTtl;

    /// <summary>The most Events one index shard (a namespace has 8) keeps; past it the oldest go first.</summary>
    public int EventsPerShard { get; set; } = Control.Store.EventRetention.DefaultCapacity;
}
