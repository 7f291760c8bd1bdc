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
    Task TerminatePodAsync(string ns, string name, long gracePeriodSeconds);

    /// <summary>Advances the simulated containers whose time has come (driven by the node's timer).</summary>
    [Alias("Tick")]
    Task TickAsync();
}
