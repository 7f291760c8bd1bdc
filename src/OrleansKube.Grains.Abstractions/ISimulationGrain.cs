namespace OrleansKube.Grains.Abstractions;

/// <summary>The simulator's own controls that are not API objects (key 0): adding nodes from the cluster profile's pools.</summary>
[Alias("OrleansKube.ISimulationGrain")]
public interface ISimulationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Brings up <paramref name="count"/> more nodes of the profile's pool <paramref name="pool"/>, numbered after
    /// the pool's highest existing node; returns their names. NotFound when the profile has no such pool.
    /// </summary>
    [Alias("AddNodes")]
    Task<List<string>> AddNodesAsync(string pool, int count);
}
