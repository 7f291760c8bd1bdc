using Microsoft.Extensions.Options;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// One shard of the (kind, namespace) index. It holds the latest copy of each of its objects (shared, not
/// copied, within a silo: objects are immutable once stored) and answers lists with label and field selectors.
/// For index-resident kinds (Events, node Leases) it is also the store itself, and writes them to the
/// repository; with a durable repository an activation reloads the shard from there. An Events shard deletes its
/// Events a TTL after their last timestamp and keeps at most a cap of them (<see cref="EventRetention"/>), on a
/// timer of the simulation clock.
/// </summary>
[Orleans.Placement.PreferLocalPlacement] // an object grain kind's watch cache calls its shards first: they start beside it
public sealed partial class ObjectIndexGrain(SimulationClock clock, ObjectRepository repository, IOptions<OrleansKubeOptions> options, SharedReferences references) : ResidentGrain, IObjectIndexGrain
{
    private readonly SortedDictionary<string, KubeObject> _objects = new(StringComparer.Ordinal);

    private readonly Dictionary<GrainId, (IObjectWatcherGrain Watcher, Selector Selector)> _watchers = [];

    private IndexKey _key;

    private EventRetention? _retention;

    private GrainTimer? _expiry;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _key = IndexKey.Parse(this.GetPrimaryKeyString());
        if (_key.Kind == Kinds.Event.Kind)
        {
            _retention = new EventRetention(options.Value.EventTtl, options.Value.EventsPerShard);
            _expiry = new GrainTimer(clock, this.AsReference<IObjectIndexGrain>().ExpireEventsAsync);
        }

        foreach (var obj in repository.Durable ? await repository.LoadAsync(_key) : [])
        {
            _objects[obj.Metadata.Name!] = obj;
            Retain(obj);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiry?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task UpsertAsync(Immutable<KubeObject> obj)
    {
        var name = obj.Value.Metadata.Name!;
        _objects.TryGetValue(name, out var previous);
        _objects[name] = obj.Value;
        foreach (var (watcher, selector) in _watchers.Values)
        {
            if (selector.Matches(obj.Value.Metadata.Labels))
            {
                watcher.WatchedChangedAsync(obj).Ignore();
            }
            else if (previous is not null && selector.Matches(previous.Metadata.Labels))
            {
                watcher.WatchedRemovedAsync(name).Ignore();
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string name)
    {
        if (_objects.Remove(name, out var removed))
        {
            NotifyRemoved(removed);
        }

        return Task.CompletedTask;
    }

    public Task WatchAsync(IObjectWatcherGrain watcher, string labelSelector)
    {
        _watchers[watcher.GetGrainId()] = (watcher, SelectorParser.Parse(labelSelector));
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(IObjectWatcherGrain watcher)
    {
        _watchers.Remove(watcher.GetGrainId());
        return Task.CompletedTask;
    }

    public Task<Immutable<List<KubeObject>>> ListAsync(string? labelSelector, string? fieldSelector)
    {
        var labels = SelectorParser.Parse(labelSelector);
        var fields = FieldSelector.Parse(fieldSelector);
        var result = _objects.Values.Where(o => labels.Matches(o.Metadata.Labels) && fields.Matches(o)).ToList();
        return Task.FromResult(result.AsImmutable());
    }

    public async Task AddManyAsync(Immutable<List<KubeObject>> objects)
    {
        // The objects are shared with their sender: what is stored is the watch cache's stamped copy of each.
        var fresh = new List<KubeObject>(objects.Value.Count);
        foreach (var obj in objects.Value)
        {
            if (!_objects.ContainsKey(obj.Metadata.Name!) && !Named(fresh, obj.Metadata.Name!))
            {
                fresh.Add(obj);
            }
        }

        static bool Named(List<KubeObject> objects, string name)
        {
            foreach (var obj in objects)
            {
                if (obj.Metadata.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        if (fresh.Count == 0)
        {
            return;
        }

        // A shard at its cap of Events deletes the oldest in the same commit: one for all, the new ones' resourceVersions
        // consecutive, in order, after the deletions'.
        var evicted = MakeRoom(fresh);
        List<KubeObject> committed;
        try
        {
            committed = (evicted is null
                ? await WatchCache.CommitBatchAsync(fresh.AsImmutable())
                : await WatchCache.CommitReplacingAsync(evicted.AsImmutable(), fresh.AsImmutable())).Value;
        }
        catch
        {
            foreach (var obj in evicted ?? [])
            {
                Retain(obj);
            }

            throw;
        }

        if (evicted is not null)
        {
            await ForgetEvictedAsync(evicted);
        }

        for (var i = 0; i < fresh.Count; i++)
        {
            var stored = committed[i];
            try
            {
                await repository.PutAsync(_key, stored);
            }
            catch
            {
                // Committed but not stored: watchers see these go again.
                await WatchCache.CommitRemovalsAsync(fresh.Skip(i).ToList().AsImmutable());
                throw;
            }

            _objects[stored.Metadata.Name!] = stored;
            Retain(stored);
        }
    }

    public Task AddAsync(Immutable<KubeObject> obj) => AddManyAsync(new List<KubeObject> { obj.Value }.AsImmutable());

    public async Task PutResidentAsync(Immutable<KubeObject> obj)
    {
        var name = obj.Value.Metadata.Name!;
        var current = _objects.GetValueOrDefault(name);
        var stored = current is not null
            ? ObjectLifecycle.Touch(obj.Value with { Metadata = obj.Value.Metadata with { Uid = current.Metadata.Uid, CreationTimestamp = current.Metadata.CreationTimestamp, ResourceVersion = current.Metadata.ResourceVersion } })
            : ObjectLifecycle.PrepareCreate(obj.Value with { Metadata = obj.Value.Metadata with { } }, clock.Time.GetUtcNow(), Guid.NewGuid().ToString());
        await PutCommittedAsync(stored, current);
    }

    public Task<KubeObject?> GetResidentAsync(string name) => Task.FromResult(_objects.GetValueOrDefault(name));

    public async Task<KubeObject> CreateResidentAsync(HandedOver handedOver)
    {
        var obj = handedOver.Object;
        var name = obj.Metadata.Name!;
        if (_objects.ContainsKey(name))
        {
            throw new ApiException(ApiError.AlreadyExists(Kinds.Of(obj), name));
        }

        return await PutCommittedAsync(ObjectLifecycle.PrepareCreate(obj, clock.Time.GetUtcNow(), Guid.NewGuid().ToString()), null);
    }

    public async Task<KubeObject> UpdateResidentAsync(KubeObject obj)
    {
        var name = obj.Metadata.Name!;
        var current = _objects.GetValueOrDefault(name) ?? throw new ApiException(ApiError.NotFound(Kinds.Of(obj), name));
        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(current, obj, enforceResourceVersion: true);
        if (error is not null)
        {
            throw new ApiException(error);
        }

        return changed ? await PutCommittedAsync(result, current) : result;
    }

    public async Task<KubeObject> DeleteResidentAsync(string name)
    {
        if (!_objects.TryGetValue(name, out var removed))
        {
            throw new ApiException(ApiError.NotFound(Kinds.Get(_key.Kind), name));
        }

        await WatchCache.CommitRemovalAsync(removed.AsImmutable());
        try
        {
            await repository.RemoveAsync(_key, name);
        }
        catch
        {
            await WatchCache.CommitAsync(removed.AsImmutable()); // committed but still stored
            throw;
        }

        _objects.Remove(name);
        _retention?.Forget(name);
        return removed;
    }

    /// <summary>
    /// Stores a resident object: the kind's watch cache gives the write its resourceVersion (stamped on a copy: objects
    /// are never changed once shared) and returns that copy, which the store and this shard keep; returns it as stored.
    /// </summary>
    private async Task<KubeObject> PutCommittedAsync(KubeObject obj, KubeObject? previous)
    {
        obj = (await WatchCache.CommitAsync(obj.AsImmutable())).Value;
        try
        {
            await repository.PutAsync(_key, obj);
        }
        catch
        {
            await (previous is null ? (Task)WatchCache.CommitRemovalAsync(obj.AsImmutable()) : WatchCache.CommitAsync(previous.AsImmutable()));
            throw;
        }

        _objects[obj.Metadata.Name!] = obj;
        Retain(obj);
        return obj;
    }

    private IWatchCacheGrain WatchCache => references.WatchCache(_key.Kind, _key.Namespace);

    private void NotifyRemoved(KubeObject removed)
    {
        foreach (var (watcher, selector) in _watchers.Values)
        {
            if (selector.Matches(removed.Metadata.Labels))
            {
                watcher.WatchedRemovedAsync(removed.Metadata.Name!).Ignore();
            }
        }
    }
}
