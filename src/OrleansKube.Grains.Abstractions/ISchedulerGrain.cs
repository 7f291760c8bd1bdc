using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>A scheduler (keyed by schedulerName): a node cache and a queue of pending pods.</summary>
[Alias("OrleansKube.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithStringKey
{
    [OneWay]
    [Alias("Enqueue")]
    Task EnqueueAsync(Immutable<Model.Core.Pod> pod);

    /// <summary>A pod left the cluster (or its node): free what it held and retry unschedulable pods.</summary>
    [OneWay]
    [Alias("PodRemoved")]
    Task PodRemovedAsync(string podKey);

    [OneWay]
    [Alias("NodeChanged")]
    Task NodeChangedAsync(Immutable<Model.Core.Node> node);

    /// <summary>The kubelet's view of what runs on its node; confirms or replaces the scheduler's assumptions.</summary>
    [OneWay]
    [Alias("NodeUsageChanged")]
    Task NodeUsageChangedAsync(NodeUsage usage);

    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string nodeName);

    /// <summary>Pods waiting in this scheduler's queues (for tests and diagnostics).</summary>
    [Alias("PendingCount")]
    Task<int> GetPendingCountAsync();
}
