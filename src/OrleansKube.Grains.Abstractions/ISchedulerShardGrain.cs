using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// One shard of one scheduler profile (<see cref="ShardKey"/>): a cache of its nodes and the pods on them,
/// kept current by their kubelets, and a scheduling queue. Every message in is one-way.
/// </summary>
[Alias("OrleansKube.ISchedulerShardGrain")]
public interface ISchedulerShardGrain : IGrainWithStringKey
{
    /// <summary>A pending pod to schedule; <paramref name="visit"/> is set when it comes from another shard.</summary>
    [OneWay]
    [Alias("Enqueue")]
    Task EnqueueAsync(Immutable<Model.Core.Pod> pod, ShardVisit? visit);

    /// <summary>An unbound pod was deleted: drop it from the queues.</summary>
    /// <summary>
    /// The pod fits nowhere and every shard has looked: this shard, owner of <paramref name="nodeName"/>, checks the
    /// victims again, preempts them, nominates the node for the pod and keeps the pod until the room is free.
    /// </summary>
    [OneWay]
    [Alias("Preempt")]
    Task PreemptAsync(Immutable<Model.Core.Pod> pod, string nodeName, ShardVisit visit);

    [OneWay]
    [Alias("PodDeleted")]
    Task PodDeletedAsync(string podKey);

    [OneWay]
    [Alias("NodeChanged")]
    Task NodeChangedAsync(Immutable<Model.Core.Node> node);

    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string nodeName);

    /// <summary>The kubelet runs this pod (whoever bound it): the cache counts it.</summary>
    [OneWay]
    [Alias("PodBound")]
    Task PodBoundAsync(string nodeName, Immutable<Model.Core.Pod> pod);

    /// <summary>The kubelet no longer runs this pod (deleted, or refused at admission).</summary>
    [OneWay]
    [Alias("PodUnbound")]
    Task PodUnboundAsync(string nodeName, string podKey);

    /// <summary>Another shard saw room appear: unschedulable pods here may fit now.</summary>
    [OneWay]
    [Alias("ClusterChanged")]
    Task ClusterChangedAsync();

    /// <summary>Wakes the shard for backoff flushes (its own timer calls this).</summary>
    [OneWay]
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>The elected kube-scheduler's term and renew time (one-way, every retry period): only while it leads are unschedulable pods flushed.</summary>
    [OneWay]
    [Alias("Lead")]
    Task LeadAsync(string holder, int term, DateTimeOffset renewTime);

    /// <summary>Lists the pending pods of this shard again and queues those it does not hold (a silo died: messages to it may be lost).</summary>
    [OneWay]
    [Alias("Relist")]
    Task RelistAsync();

    /// <summary>Read-only, so it interleaves: it answers at once even behind a long mailbox of pods.</summary>
    [AlwaysInterleave]
    [Alias("Stats")]
    Task<SchedulerShardStats> GetStatsAsync();

    /// <summary>
    /// Milliseconds from a pod's arrival at the shard that placed it to its bind, for every pod bound since the last
    /// call. The first call starts the recording (and returns none): until then the shard keeps no latencies.
    /// </summary>
    [AlwaysInterleave]
    [Alias("TakeLatencies")]
    Task<List<float>> TakeLatenciesAsync();
}
