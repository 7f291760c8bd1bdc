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
    [OneWay]
    [Alias("MarkUnschedulable")]
    Task MarkUnschedulableAsync(string message);

    /// <summary>Status from the pod's kubelet; one-way, so kubelet and pod never wait on each other.</summary>
    [OneWay]
    [Alias("ReportStatus")]
    Task ReportStatusAsync(Immutable<Model.Core.PodStatus> status);
}
