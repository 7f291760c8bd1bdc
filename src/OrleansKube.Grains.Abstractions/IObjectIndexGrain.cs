using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// One shard of a (kind, namespace) index: the latest copy of its objects, for list and selector queries.
/// Kinds without behaviour that are written far more than read (Events) live only here, with the store's
/// create/get/update/delete rules, instead of a grain each.
/// </summary>
[Alias("OrleansKube.IObjectIndexGrain")]
public interface IObjectIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(Immutable<KubeObject> obj);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    /// <summary>Starts (or changes) a watch: the watcher hears of every object here matching <paramref name="labelSelector"/> that is stored or removed.</summary>
    [Alias("Watch")]
    Task WatchAsync(IObjectWatcherGrain watcher, string labelSelector);

    [OneWay]
    [Alias("Unwatch")]
    Task UnwatchAsync(IObjectWatcherGrain watcher);

    /// <summary>Interleaves (it only reads): a watch cache rebuilding lists shards that may be waiting on its commits.</summary>
    [AlwaysInterleave]
    [Alias("List")]
    Task<Immutable<List<KubeObject>>> ListAsync(string? labelSelector, string? fieldSelector);

    /// <summary>Adds an object already prepared for storage unless one of that name exists (events from components).</summary>
    [OneWay]
    [Alias("Add")]
    Task AddAsync(Immutable<KubeObject> obj);

    /// <summary>Adds objects already prepared for storage, each unless one of its name exists (a component's events of one moment, in one call).</summary>
    [OneWay]
    [Alias("AddMany")]
    Task AddManyAsync(Immutable<List<KubeObject>> objects);

    /// <summary>Stores a resident object as its owner writes it (node leases): created, or replaced keeping its uid and creation time.</summary>
    [OneWay]
    [Alias("PutResident")]
    Task PutResidentAsync(Immutable<KubeObject> obj);

    [Alias("GetResident")]
    Task<KubeObject?> GetResidentAsync(string name);

    [Alias("CreateResident")]
    Task<KubeObject> CreateResidentAsync(HandedOver obj);

    [Alias("UpdateResident")]
    Task<KubeObject> UpdateResidentAsync(KubeObject obj);

    [Alias("DeleteResident")]
    Task<KubeObject> DeleteResidentAsync(string name);

    /// <summary>Deletes the next slice of Events past their TTL or over the shard's cap (driven by the shard's timer).</summary>
    [OneWay]
    [Alias("ExpireEvents")]
    Task ExpireEventsAsync();
}
