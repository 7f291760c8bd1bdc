namespace OrleansKube.Grains.Abstractions;

/// <summary>The ReplicaSet controller of one ReplicaSet.</summary>
[Alias("OrleansKube.IReplicaSetControllerGrain")]
public interface IReplicaSetControllerGrain : IControllerGrain
{
    /// <summary>How many of its pods are not yet Succeeded or Failed, terminating ones included (what Recreate waits on).</summary>
    [Alias("CountPods")]
    Task<int> CountPodsAsync();
}
