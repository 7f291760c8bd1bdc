using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>A Pod: the object plus its binding and the status its kubelet reports.</summary>
[Alias("OrleansKube.IPodGrain")]
public interface IPodGrain : IObjectGrain
{
    /// <summary>The Binding subresource: sets spec.nodeName on an unbound pod, if the node exists.</summary>
    [Alias("Bind")]
    Task BindAsync(string nodeName, string schedulerName);

    /// <summary>The scheduler found no node: PodScheduled=False/Unschedulable with its message.</summary>
    /// <summary>Records why the pod fits nowhere (PodScheduled=False, a FailedScheduling event) and the node it preempted room on, if any.</summary>
    [OneWay]
    [Alias("MarkUnschedulable")]
    Task MarkUnschedulableAsync(string message, string? nominatedNodeName);

    /// <summary>The scheduler preempts this pod for <paramref name="preemptorUid"/>: a DisruptionTarget condition, a Preempted event, then deletion.</summary>
    [Alias("Preempt")]
    Task PreemptAsync(string preemptorUid, string nodeName, string schedulerName);

    /// <summary>Status from the pod's kubelet; one-way, so kubelet and pod never wait on each other.</summary>
    [OneWay]
    [Alias("ReportStatus")]
    Task ReportStatusAsync(Immutable<Model.Core.PodStatus> status);
}
