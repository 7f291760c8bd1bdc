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
        _caches.TryGetValue(kind, out var cache) ? cache : _caches.GetOrAdd(kind, grains.Get<IWatchCacheGrain>(kind));

    public IObjectIndexGrain IndexShard(IndexKey shard) =>
        _shards.TryGetValue(shard, out var index) ? index : _shards.GetOrAdd(shard, grains.Get<IObjectIndexGrain>(shard.ToString()));
}
