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

    /// <summary>Advances the simulated containers whose time has come (driven by the node's timer).</summary>
    [Alias("Tick")]
    Task TickAsync();
}
