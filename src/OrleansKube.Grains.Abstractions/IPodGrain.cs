using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>A Pod: the object plus its binding and the status its kubelet reports.</summary>
[Alias("OrleansKube.IPodGrain")]
public interface IPodGrain : IObjectGrain
{
    /// <summary>
    /// The Binding subresource: sets spec.nodeName on an unbound pod. The node is not read here: the scheduler binds to
    /// nodes its cache holds, and the API checks the node a client names before it binds. Returns the pod as stored and
    /// when the binding was stored (the simulation clock): a busy caller may hear back much later, and its latency ends
    /// there, not then.
    /// </summary>
    [Alias("Bind")]
    Task<PodBinding> BindAsync(string nodeName, string schedulerName);

    /// <summary>Records why the pod fits nowhere (PodScheduled=False, a FailedScheduling event) and the node it preempted room on, if any.</summary>
    [OneWay]
    [Alias("MarkUnschedulable")]
    Task MarkUnschedulableAsync(string message, string? nominatedNodeName);

    /// <summary>
    /// The node lifecycle controller found the pod's node unreachable: its Ready condition turns False (a NodeNotReady
    /// event), as upstream's MarkPodsNotReady; its kubelet's next report, once heard again, says what it is.
    /// </summary>
    [Alias("MarkNotReady")]
    Task MarkNotReadyAsync();

    /// <summary>The scheduler preempts this pod for <paramref name="preemptorUid"/>: a DisruptionTarget condition, a Preempted event, then deletion.</summary>
    [Alias("Preempt")]
    Task PreemptAsync(string preemptorUid, string nodeName, string schedulerName);

    /// <summary>
    /// Graceful deletion (what deleting a pod means): a pod running on a node is marked Terminating
    /// (deletionTimestamp, deletionGracePeriodSeconds) and goes once its kubelet has stopped it; null takes
    /// <c>spec.terminationGracePeriodSeconds</c>; 0, or a pod no kubelet runs, goes at once.
    /// </summary>
    [Alias("Terminate")]
    Task<Model.Meta.KubeObject> TerminateAsync(long? gracePeriodSeconds);

    /// <summary>The Eviction API: a DisruptionTarget condition (EvictionByEvictionAPI), then graceful deletion.</summary>
    [Alias("Evict")]
    Task EvictAsync(long? gracePeriodSeconds);

    /// <summary>The NoExecute taint manager evicts this pod: a DisruptionTarget condition, a TaintManagerEviction event, then graceful deletion.</summary>
    [OneWay]
    [Alias("EvictByTaint")]
    Task EvictByTaintAsync();

    /// <summary>The kubelet has stopped every container of this Terminating pod: remove it.</summary>
    [OneWay]
    [Alias("TerminationFinished")]
    Task TerminationFinishedAsync();

    /// <summary>
    /// Status from the pod's kubelet; one-way, so kubelet and pod never wait on each other. One-way messages
    /// between silos may overtake each other: a report older than one already applied (by the kubelet
    /// activation's <paramref name="incarnation"/>, then its <paramref name="sequence"/>) is dropped.
    /// </summary>
    [OneWay]
    [Alias("ReportStatus")]
    Task ReportStatusAsync(Immutable<Model.Core.PodStatus> status, long incarnation, long sequence);
}

/// <summary>
/// A stored binding: the pod as stored with its node (the instance its kubelet runs, so a scheduler that keeps it holds no
/// copy of its own) and when it was stored (the simulation clock).
/// </summary>
[GenerateSerializer]
[Alias("OrleansKube.PodBinding")]
[Immutable]
public sealed record PodBinding([property: Id(0)] Model.Core.Pod Pod, [property: Id(1)] DateTimeOffset BoundAt);
