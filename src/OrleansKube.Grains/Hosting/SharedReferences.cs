using System.Collections.Concurrent;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// References to the grains every object grain writes through (its kind's watch cache, its index shard), made once per
/// silo and shared by the activations: at 150,000 pods each pod grain held two of its own (a proxy, a grain id and its
/// key). A silo keeps one per kind and per index shard it has served (namespaces × 8 per kind).
/// </summary>
public sealed class SharedReferences(IGrainFactory grains, Microsoft.Extensions.Options.IOptions<Watching.WatchCacheOptions> options)
{
    private readonly ConcurrentDictionary<CacheKey, IWatchCacheGrain> _caches = new();
    private readonly ConcurrentDictionary<IndexKey, IObjectIndexGrain> _shards = new();
    private readonly int _partitions = Math.Max(1, options.Value.Partitions);

    /// <summary>The watch cache that <paramref name="ns"/>'s objects of <paramref name="kind"/> commit to.</summary>
    public IWatchCacheGrain WatchCache(string kind, string? ns) =>
        WatchCache(_partitions == 1 ? new CacheKey(kind, 0) : CacheKey.Of(Kinds.Get(kind), ns, _partitions));

    /// <summary>
    /// What reads <paramref name="kind"/> in <paramref name="ns"/> (null: every namespace): its one cache, or, for a
    /// partitioned kind read across namespaces, every partition merged (<see cref="Watching.MergedCacheView"/>).
    /// </summary>
    public Watching.ICacheView CacheView(KindInfo kind, string? ns) =>
        _partitions == 1 || !kind.Namespaced ? Watching.ICacheView.Of(WatchCache(new CacheKey(kind.Kind, 0)))
        : string.IsNullOrEmpty(ns) ? new Watching.MergedCacheView(Partitions(kind))
        : new Watching.PartitionCacheView(WatchCache(CacheKey.Of(kind, ns, _partitions)), Partitions(kind));

    private IWatchCacheGrain[] Partitions(KindInfo kind) => [.. CacheKey.All(kind, _partitions).Select(WatchCache)];

    public IWatchCacheGrain WatchCache(CacheKey key) =>
        _caches.GetOrAdd(key, static (key, grains) => grains.Get<IWatchCacheGrain>(key.ToString()), grains);

    public IObjectIndexGrain IndexShard(IndexKey shard) =>
        _shards.GetOrAdd(shard, static (shard, grains) => grains.Get<IObjectIndexGrain>(shard.ToString()), grains);
}
