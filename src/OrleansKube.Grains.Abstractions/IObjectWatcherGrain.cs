using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>A grain that watches an index shard's objects matching a label selector (the change feed).</summary>
[Alias("OrleansKube.IObjectWatcherGrain")]
public interface IObjectWatcherGrain : IGrainWithStringKey
{
    /// <summary>A watched object was stored and matches the selector.</summary>
    [OneWay]
    [Alias("WatchedChanged")]
    Task WatchedChangedAsync(Immutable<KubeObject> obj);

    /// <summary>A watched object was removed, or no longer matches the selector.</summary>
    [OneWay]
    [Alias("WatchedRemoved")]
    Task WatchedRemovedAsync(string name);
}
