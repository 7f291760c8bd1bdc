using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>A Node and its simulated kubelet.</summary>
[Alias("OrleansKube.INodeGrain")]
public interface INodeGrain : IObjectGrain
{
    /// <summary>A pod was bound here: admit it and start its containers.</summary>
    [Alias("RunPod")]
    Task RunPodAsync(Immutable<Model.Core.Pod> pod);

    /// <summary>A pod on this node was deleted: stop its containers and free its resources.</summary>
    [Alias("StopPod")]
    Task StopPodAsync(string ns, string name);

    /// <summary>
    /// A pod on this node is being deleted gracefully: run its preStop hooks, SIGTERM its containers and kill
    /// what still runs after <paramref name="gracePeriodSeconds"/>; the pod is told (one-way) when all have stopped.
    /// </summary>
    [OneWay]
    [Alias("TerminatePod")]
    Task TerminatePodAsync(string ns, string name, long gracePeriodSeconds, DateTimeOffset requestedAt);

    /// <summary>Advances the simulated containers whose time has come (driven by the node's timer).</summary>
    [OneWay]
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>Runs the pods bound to this node that the kubelet does not know of (a relist after a silo's death).</summary>
    Task RelistPodsAsync();

    /// <summary>
    /// Failure injection: memory used on the node outside its pods, so that the node's use reaches
    /// <paramref name="memory"/> (a percentage of capacity, <c>95%</c>) or is that much more (a quantity, <c>3Gi</c>).
    /// </summary>
    [Alias("SetMemoryUse")]
    Task SetMemoryUseAsync(string memory);

    /// <summary>Failure injection: the kubelet stops (no lease renewals, pods keep their last status).</summary>
    [Alias("FailKubelet")]
    Task FailKubeletAsync();

    /// <summary>Failure injection undone: the kubelet reports Ready again, renews its lease and resumes its pods.</summary>
    [Alias("RecoverKubelet")]
    Task RecoverKubeletAsync();

    /// <summary>The node lifecycle controller found the lease overdue: conditions Unknown, unreachable taints.</summary>
    [OneWay]
    [Alias("MarkUnreachable")]
    Task MarkUnreachableAsync();

    /// <summary>The node lifecycle controller hears the kubelet again: the unreachable taints go once it is Ready.</summary>
    [OneWay]
    [Alias("MarkReachable")]
    Task MarkReachableAsync();
}
