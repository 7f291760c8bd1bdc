using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Workloads.GarbageCollection;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// What every object grain does: create/get/update/delete by the store's rules, keep its index shard
/// current, and stay in memory while the object exists. With a durable <see cref="ObjectRepository"/> each
/// change is written there first, and an activation reloads the object (its silo died, or it was moved):
/// kinds with behaviour pick up where they were in <see cref="OnRestoredAsync"/>. Kinds with behaviour override the hooks.
/// </summary>
public abstract partial class ObjectGrainBase(TimeProvider time) : Grain, IObjectGrain
{
    private ObjectKey? _key;
    private ObjectRepository? _repository;
    private KubeMetrics? _metrics;
    private SharedReferences? _references;
    private IndexKey? _shard;

    protected ObjectKey Key => _key ??= ObjectKey.Parse(this.GetPrimaryKeyString());

    protected KubeObject? Current { get; private set; }

    protected TimeProvider Time { get; } = time;

    protected DateTimeOffset Now => ObjectLifecycle.TruncateToSeconds(Time.GetUtcNow());

    /// <summary>The silo's instruments (resolved, not injected, so the object kinds' constructors need not pass them on).</summary>
    protected KubeMetrics Metrics => _metrics ??= ServiceProvider.GetRequiredService<KubeMetrics>();

    private ObjectRepository Repository => _repository ??= ServiceProvider.GetRequiredService<ObjectRepository>();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Repository.Durable && await Repository.GetAsync(Shard, Key.Name) is { } stored)
        {
            Current = stored;
            ShareKeyStrings(stored);
            Metrics.ObjectChanged(null, stored); // counted here now (its former silo's count went with it)
            DelayDeactivation(TimeSpan.MaxValue);
            await OnRestoredAsync(stored);
            await CatchUpIndexAsync(stored);
        }
    }

    /// <summary>
    /// A write its former silo stored but did not get to publish (the silo died between the store and its index shard)
    /// is in the store only: lists, watches and controllers never saw it (a Deployment scaled just before its silo was
    /// killed stayed at its old size, DurableFailoverTests). The store is the truth: publish it again, as a settle does.
    /// </summary>
    private async Task CatchUpIndexAsync(KubeObject stored)
    {
        var indexed = await IndexShard.GetResidentAsync(Key.Name);
        if (indexed?.Metadata.ResourceVersion == stored.Metadata.ResourceVersion)
        {
            return;
        }

        await RepublishAsync(indexed, stored);
    }

    /// <summary>
    /// The object is not here (nor in the store, in durable mode). A write its former silo committed and indexed but did
    /// not get to store (the silo died between) left a copy in the watch cache and the index shard that no grain holds:
    /// lists show it, and a controller deleting it (a surplus pod) got NotFound for ever. The store is the truth: that copy
    /// is removed (watchers see it deleted) before the caller gets its NotFound. One shard call, on NotFound only.
    /// </summary>
    protected async Task<ApiException> NotFoundAsync()
    {
        if (Repository.Durable && Current is null && await IndexShard.GetResidentAsync(Key.Name) is { } unstored)
        {
            await WithdrawAsync(unstored);
        }

        return new ApiException(ApiError.NotFound(Key.KindInfo, Key.Name));
    }

    /// <summary>Takes back what lists, watchers and controllers were shown of an object the store no longer holds.</summary>
    private async Task WithdrawAsync(KubeObject last)
    {
        await WatchCache.CommitRemovalAsync(last.AsImmutable());
        await IndexShard.RemoveAsync(Key.Name);
        ControllerGrains.Notify(GrainFactory, Key, last, null);
    }

    public async Task<KubeObject> CreateAsync(HandedOver handedOver)
    {
        var obj = handedOver.Object;
        if (Current is not null)
        {
            throw new ApiException(ApiError.AlreadyExists(Key.KindInfo, Key.Name));
        }

        var prepared = await PrepareCreateAsync(ObjectLifecycle.PrepareCreate(obj, Time.GetUtcNow(), Guid.NewGuid().ToString()));
        prepared = await StoreAsync(prepared);

        // The object lives as long as it exists; collection would lose it (state is in memory).
        DelayDeactivation(TimeSpan.MaxValue);
        await OnCreatedAsync(prepared);
        return prepared;
    }

    public Task<KubeObject?> GetAsync() => Task.FromResult(Current);

    public async Task<KubeObject> UpdateAsync(KubeObject obj)
    {
        var current = Current ?? throw await NotFoundAsync();
        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(current, obj, enforceResourceVersion: true);
        if (error is not null)
        {
            throw new ApiException(error);
        }

        if (changed)
        {
            if (IsFinalized(result))
            {
                // The last finalizer of an object marked for deletion is gone: so is the object.
                Current = result;
                return await RemoveAsync();
            }

            result = await StoreAsync(result);
            await OnUpdatedAsync(current, result);
        }

        return result;
    }

    public async Task<KubeObject> DeleteWithPropagationAsync(DeletionPropagation propagation)
    {
        var current = Current ?? throw await NotFoundAsync();
        if (GarbageCollector.FinalizerFor(propagation) is not { } finalizer)
        {
            return await DeleteAsync();
        }

        if (current.Metadata.DeletionTimestamp is null || current.Metadata.Finalizers?.Contains(finalizer) != true)
        {
            current = ObjectLifecycle.Touch(current with
            {
                Metadata = current.Metadata with
                {
                    DeletionTimestamp = current.Metadata.DeletionTimestamp ?? Now,
                    DeletionGracePeriodSeconds = 0,
                    Finalizers = [.. (current.Metadata.Finalizers ?? []).Where(f => f != finalizer), finalizer],
                },
            });
            current = await StoreAsync(current);
        }

        GrainFactory.Get<IGarbageCollectorGrain>(0).OwnerDeletingAsync(Key.ToString()).Ignore();
        return current;
    }

    public async Task<KubeObject> UpdateStatusAsync(KubeObject obj)
    {
        var current = Current ?? throw await NotFoundAsync();
        var (result, changed, error) = ObjectLifecycle.PrepareStatusUpdate(current, obj, Now);
        if (error is not null)
        {
            throw new ApiException(error);
        }

        if (changed)
        {
            result = await StoreAsync(result);
        }

        return result;
    }

    public virtual Task<KubeObject> DeleteAsync() => RemoveAsync();

    /// <summary>Removes the object now (what deletion is for every kind without a graceful path).</summary>
    protected async Task<KubeObject> RemoveAsync()
    {
        var current = Current ?? throw await NotFoundAsync();
        await OnDeletingAsync(current);
        await WatchCache.CommitRemovalAsync(current.AsImmutable());
        try
        {
            await Repository.RemoveAsync(Shard, Key.Name);
        }
        catch (Exception e)
        {
            StoreOutcomeUnknown(e);

            // Committed but not removed from the store: watchers see the object come back as it is stored.
            await WatchCache.CommitAsync(current.AsImmutable());
            throw;
        }

        Metrics.ObjectChanged(current, null);
        Current = null;
        await IndexShard.RemoveAsync(Key.Name);
        ControllerGrains.Notify(GrainFactory, Key, current, null);
        if (GrainKinds.Get(Key.Kind).OwnsDependents && current.Metadata.Uid is { } uid)
        {
            // Background propagation: the collector deletes what this object owned.
            GrainFactory.Get<IGarbageCollectorGrain>(0).OwnerRemovedAsync(Key.ToString(), uid).Ignore();
        }
        DeactivateOnIdle();
        return current;
    }

    /// <summary>
    /// Replaces the stored object and publishes it to the index; returns it as stored. The kind's watch cache gives the
    /// write its resourceVersion, stamped on a copy (objects are shared once they crossed a grain boundary, and
    /// <paramref name="obj"/> may have: never change one in place), and hands that copy to the index shard in the same call
    /// (the shards live with their cache: one call per write from any silo). Within the cache's silo this grain keeps
    /// the cache's copy; from another silo it stamps its own.
    /// </summary>
    protected async Task<KubeObject> StoreAsync(KubeObject obj)
    {
        var previous = Current;
        obj = (await WatchCache.CommitIndexedAsync(obj.AsImmutable())).Stamped(obj);
        try
        {
            await Repository.PutAsync(Shard, obj);
        }
        catch (Exception e)
        {
            StoreOutcomeUnknown(e);

            // Committed and indexed but not stored: watchers and the index see the stored state again.
            if (previous is null)
            {
                await WatchCache.CommitRemovalAsync(obj.AsImmutable());
                await IndexShard.RemoveAsync(Key.Name);
            }
            else
            {
                await WatchCache.CommitIndexedAsync(previous.AsImmutable());
            }

            throw;
        }

        Metrics.ObjectChanged(previous, obj);
        Current = obj;
        if (previous is null)
        {
            ShareKeyStrings(obj);
        }

        ControllerGrains.Notify(GrainFactory, Key, previous, obj);
        return obj;
    }

    /// <summary>Marked for deletion with no finalizer left: the object goes (Namespaces also wait on spec.finalizers).</summary>
    protected virtual bool IsFinalized(KubeObject obj) => obj.Metadata.DeletionTimestamp is not null && obj.Metadata.Finalizers is not { Count: > 0 };

    protected virtual Task<KubeObject> PrepareCreateAsync(KubeObject obj) => Task.FromResult(obj);

    protected virtual Task OnCreatedAsync(KubeObject obj) => Task.CompletedTask;

    /// <summary>The object was reloaded from the durable repository by a new activation (its former one was lost).</summary>
    protected virtual Task OnRestoredAsync(KubeObject obj) => Task.CompletedTask;

    protected virtual Task OnUpdatedAsync(KubeObject previous, KubeObject current) => Task.CompletedTask;

    protected virtual Task OnDeletingAsync(KubeObject obj) => Task.CompletedTask;

    protected Task RecordEventsAsync(KubeObject involved, IReadOnlyList<(string Type, string Reason, string Message)> events, string component, string? host = null) =>
        EventRecorder.RecordManyAsync(GrainFactory, involved, events, component, host, Time.GetUtcNow());

    protected Task RecordEventAsync(KubeObject involved, string type, string reason, string message, string component, string? host = null) =>
        EventRecorder.RecordAsync(GrainFactory, involved, type, reason, message, component, host, Time.GetUtcNow());

    /// <summary>
    /// The activation's key, parsed from its grain id, held strings of its own equal to the object's kind, namespace and
    /// name: it takes the object's (and the kind's) instead, ~140 bytes less per object grain kept in memory.
    /// </summary>
    private void ShareKeyStrings(KubeObject obj)
    {
        var key = Key;
        if (obj.Metadata.Name == key.Name && (obj.Metadata.Namespace ?? "") == key.Namespace)
        {
            _key = ObjectKey.For(key.KindInfo, obj.Metadata.Namespace, obj.Metadata.Name!);
            _shard = null;
        }
    }

    // Every write of the object goes to the same two grains, whose references the silo's object grains share.
    private SharedReferences References => _references ??= ServiceProvider.GetRequiredService<SharedReferences>();

    private IWatchCacheGrain WatchCache => References.WatchCache(Key.Kind, Key.Namespace);

    private IObjectIndexGrain IndexShard => References.IndexShard(Shard);

    private IndexKey Shard => _shard ??= IndexKey.Of(Key);
}
