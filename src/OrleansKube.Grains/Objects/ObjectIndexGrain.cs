using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// One shard of the (kind, namespace) index. It holds the latest copy of each of its objects (shared, not
/// copied, within a silo: objects are immutable once stored) and answers lists with label and field selectors.
/// For index-resident kinds (Events) it is also the store itself.
/// </summary>
public sealed class ObjectIndexGrain(SimulationClock clock) : ResidentGrain, IObjectIndexGrain
{
    private readonly SortedDictionary<string, KubeObject> _objects = new(StringComparer.Ordinal);

    private readonly Dictionary<GrainId, (IObjectWatcherGrain Watcher, Selector Selector)> _watchers = [];

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
            foreach (var (watcher, selector) in _watchers.Values)
            {
                if (selector.Matches(removed.Metadata.Labels))
                {
                    watcher.WatchedRemovedAsync(name).Ignore();
                }
            }
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

    public Task AddAsync(Immutable<KubeObject> obj)
    {
        _objects.TryAdd(obj.Value.Metadata.Name!, obj.Value);
        return Task.CompletedTask;
    }

    public Task PutResidentAsync(Immutable<KubeObject> obj)
    {
        var name = obj.Value.Metadata.Name!;
        _objects[name] = _objects.TryGetValue(name, out var current)
            ? ObjectLifecycle.Touch(obj.Value with { Metadata = obj.Value.Metadata with { Uid = current.Metadata.Uid, CreationTimestamp = current.Metadata.CreationTimestamp, ResourceVersion = current.Metadata.ResourceVersion } })
            : ObjectLifecycle.PrepareCreate(obj.Value with { Metadata = obj.Value.Metadata with { } }, clock.Time.GetUtcNow(), Guid.NewGuid().ToString());
        return Task.CompletedTask;
    }

    public Task<KubeObject?> GetResidentAsync(string name) => Task.FromResult(_objects.GetValueOrDefault(name));

    public Task<KubeObject> CreateResidentAsync(KubeObject obj)
    {
        var name = obj.Metadata.Name!;
        if (_objects.ContainsKey(name))
        {
            throw new ApiException(ApiError.AlreadyExists(Kinds.Of(obj), name));
        }

        var prepared = ObjectLifecycle.PrepareCreate(obj, clock.Time.GetUtcNow(), Guid.NewGuid().ToString());
        _objects[name] = prepared;
        return Task.FromResult(prepared);
    }

    public Task<KubeObject> UpdateResidentAsync(KubeObject obj)
    {
        var name = obj.Metadata.Name!;
        var current = _objects.GetValueOrDefault(name) ?? throw new ApiException(ApiError.NotFound(Kinds.Of(obj), name));
        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(current, obj, enforceResourceVersion: true);
        if (error is not null)
        {
            throw new ApiException(error);
        }

        if (changed)
        {
            _objects[name] = result;
        }

        return Task.FromResult(result);
    }

    public Task<KubeObject> DeleteResidentAsync(string name) =>
        _objects.Remove(name, out var removed) ? Task.FromResult(removed)
            : throw new ApiException(ApiError.NotFound(Kinds.FromResourceName(this.GetPrimaryKeyString().Split('/')[0])!, name));
}
