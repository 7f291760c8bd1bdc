using Orleans.Placement;
using Orleans.Runtime.Placement;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Watching;

/// <summary>
/// An index shard starts on the silo of its kind's watch cache: an object grain's write is then one call to that silo
/// (<see cref="IWatchCacheGrain.CommitIndexedAsync"/>: the cache hands the committed copy to the shard there), and an
/// Events shard commits to its cache without leaving the silo. Whoever activates the shard first (a writer, a controller
/// listing it, the cache's rebuild), it goes where the cache is; a cache not active yet is where hash placement will put
/// it (<see cref="WatchCacheGrain"/> is hash-placed). Only with several silos sharing a durable store: a shard lost with
/// its cache's silo reloads from the store; in memory the shards stay on their first caller's silo, as before.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansKube.WithWatchCachePlacement")]
public sealed class WithWatchCachePlacement : PlacementStrategy
{
    public static WithWatchCachePlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WithWatchCachePlacementAttribute() : PlacementAttribute(WithWatchCachePlacement.Instance);

public sealed class WithWatchCachePlacementDirector(IGrainFactory grains, ObjectRepository repository) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return hint;
        }

        var local = silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[Random.Shared.Next(silos.Length)];
        var key = target.GrainIdentity.Key.ToString(); // Kind/namespace/shard-N
        if (!repository.Durable || key.IndexOf('/', StringComparison.Ordinal) is not (> 0 and var slash))
        {
            return local;
        }

        var cache = grains.GetGrain<IWatchCacheGrain>(key[..slash]);
        if (await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(cache) is { } at && silos.Contains(at))
        {
            return at;
        }

        // Where HashBasedPlacement puts the cache when it starts.
        var sorted = silos.Order().ToArray();
        return sorted[(int)(cache.GetGrainId().GetUniformHashCode() & 0x7fffffff) % sorted.Length];
    }
}
