using System.Collections.Concurrent;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// References to the grains every object grain writes through (its kind's watch cache, its index shard), made once per
/// silo and shared by the activations: at 150,000 pods each pod grain held two of its own (a proxy, a grain id and its
/// key). A silo keeps one per kind and per index shard it has served (namespaces × 8 per kind).
/// </summary>
public sealed class SharedReferences(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, IWatchCacheGrain> _caches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IndexKey, IObjectIndexGrain> _shards = new();

    public IWatchCacheGrain WatchCache(string kind) =>
        _caches.GetOrAdd(kind, static (kind, grains) => grains.Get<IWatchCacheGrain>(kind), grains);

    public IObjectIndexGrain IndexShard(IndexKey shard) =>
        _shards.GetOrAdd(shard, static (shard, grains) => grains.Get<IObjectIndexGrain>(shard.ToString()), grains);
}
