using Microsoft.Extensions.Options;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Watching;

/// <summary>
/// A kind's watch cache (<see cref="KindCache"/>) as a grain: commits are its turns, so their order is the kind's
/// resourceVersion order. An activation rebuilds the objects from the kind's index shards (a cache lost with its
/// silo comes back with a new window: older watches get 410 and relist); in durable mode resourceVersions come from
/// blocks reserved in the store, so they keep increasing across silo deaths and restarts. Reads and lists interleave:
/// a long poll holds no turn, and an index shard waiting on a commit can still answer this cache's rebuild. With
/// several partitions per kind (<see cref="CacheKey"/>), this is one of them: its namespaces' objects, its own
/// resourceVersions (see <see cref="KindCache"/>), placed on its slot's silo (<see cref="Scheduling.ShardSlots"/>).
/// </summary>
[Scheduling.ShardSlotPlacement]
public sealed class WatchCacheGrain(SimulationClock clock, ObjectRepository repository, IOptions<WatchCacheOptions> options, SiloStopping silo, SharedReferences references, TimeProvider host) : ResidentGrain, IWatchCacheGrain
{
    private KindCache _cache = null!;
    private KindInfo _kind = null!;
    private CacheKey _key;
    private int _stride = 1;
    private long _reservedUpTo = long.MaxValue;
    private Task? _reservation;
    private TaskCompletionSource _committed = NewSignal();
    private GrainTimer? _trim;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _key = CacheKey.Parse(this.GetPrimaryKeyString());
        _kind = Kinds.Get(_key.Kind);
        var partitions = _kind.Namespaced ? Math.Max(1, options.Value.Partitions) : 1;
        _stride = partitions;
        var objects = await CacheRebuild.LoadAsync(GrainFactory, _kind, _key.Partition, partitions);
        var start = objects.Select(o => ResourceVersions.Parse(o.Metadata.ResourceVersion) ?? 0).DefaultIfEmpty(0).Max();
        if (await repository.ReserveResourceVersionsAsync(_key.ToString(), Block) is { } reserved)
        {
            // The block above every resourceVersion a former activation could have issued.
            start = Math.Max(start, reserved - Block);
            _reservedUpTo = reserved;
        }

        // Partitions keep their counts up with the host's wall clock in microseconds, so writes to different partitions
        // are ordered by when they were made (KindCache). One cache per kind counts from 1, as before.
        Func<long>? ticks = partitions > 1 ? () => host.GetUtcNow().UtcTicks / 10 : null;
        _cache = new KindCache(objects, start, options.Value.Capacity, options.Value.Retention, options.Value.IdleCapacity, clock.Time.GetUtcNow(), partitions, _key.Partition, ticks);
        _trim = new GrainTimer(clock, this.AsReference<IWatchCacheGrain>().TrimAsync);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _trim?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<Immutable<KubeObject>> CommitAsync(Immutable<KubeObject> obj)
    {
        await ReserveAsync(1);
        var change = _cache.Commit(obj.Value, clock.Time.GetUtcNow());
        Committed(change);
        return change.Object.AsImmutable();
    }

    public async Task<Committed> CommitIndexedAsync(Immutable<KubeObject> obj)
    {
        await ReserveAsync(1);
        var change = _cache.Commit(obj.Value, clock.Time.GetUtcNow());
        Committed(change);
        await UpsertIndexAsync(change.Object);
        return new Committed(change.ResourceVersion, change.Object);
    }

    /// <summary>
    /// Hands a committed object to its index shard. The shards are placed on their first caller's silo, and this cache
    /// is the first caller of an object grain's kind's shards (its writes, its rebuild), so they start beside it and the
    /// upsert stays in the silo.
    /// </summary>
    private Task UpsertIndexAsync(KubeObject obj) => references.IndexShard(IndexKey.Of(ObjectKey.Of(obj))).UpsertAsync(obj.AsImmutable());

    public Task<Immutable<List<KubeObject>>> CommitBatchAsync(Immutable<List<KubeObject>> objects) => CommitManyAsync([], objects.Value);

    public Task<Immutable<List<KubeObject>>> CommitReplacingAsync(Immutable<List<KubeObject>> removed, Immutable<List<KubeObject>> objects) =>
        CommitManyAsync(removed.Value, objects.Value);

    public async Task<long> CommitRemovalAsync(Immutable<KubeObject> last)
    {
        await ReserveAsync(1);
        return Committed(_cache.Remove(last.Value, clock.Time.GetUtcNow()));
    }

    public Task CommitRemovalsAsync(Immutable<List<KubeObject>> removed) => CommitManyAsync(removed.Value, []);

    /// <summary>Removals, then stores, at one instant with consecutive resourceVersions; returns the stored objects as committed.</summary>
    private async Task<Immutable<List<KubeObject>>> CommitManyAsync(List<KubeObject> removed, List<KubeObject> objects)
    {
        await ReserveAsync(removed.Count + objects.Count);
        var now = clock.Time.GetUtcNow();
        foreach (var obj in removed)
        {
            _cache.Remove(obj, now);
        }

        var committed = new List<KubeObject>(objects.Count);
        foreach (var obj in objects)
        {
            committed.Add(_cache.Commit(obj, now).Object);
        }

        Committed(null);
        return committed.AsImmutable();
    }

    // Not a read of the window: counting keeps no change history alive. A count asked again is kept current by the commits.
    public Task<int> CountAsync(CacheQuery query) =>
        Task.FromResult(_cache.CountMatching(CacheAnswers.FilterOf(query), clock.Time.GetUtcNow()));

    public Task<Immutable<List<KubeObject>>> ListControlledAsync(string ns, string controllerUid, string labelSelector) =>
        Task.FromResult(_cache.ListControlled(ns, controllerUid, CacheAnswers.FilterOf(new CacheQuery(ns, labelSelector, null, null, null)).Labels).AsImmutable());

    public async Task<long> ClockAsync(long floor)
    {
        await AdvanceAsync(floor);
        return _cache.ResourceVersion;
    }

    /// <summary>Raises this partition's resourceVersion to <paramref name="floor"/> (a reader of several partitions takes one snapshot of them all).</summary>
    private async Task AdvanceAsync(long floor)
    {
        if (floor > _cache.ResourceVersion)
        {
            await ReserveToAsync(floor);
            _cache.Advance(floor);
        }
    }

    public async Task<CachePage> ListAsync(CacheQuery query)
    {
        await AdvanceAsync(query.Floor);
        var filter = CacheAnswers.FilterOf(query); // a bad selector is refused before the list counts as a read
        _cache.Window.Touch(clock.Time.GetUtcNow());
        return CacheAnswers.List(_cache, query, filter);
    }

    public async Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait, long floor)
    {
        await AdvanceAsync(floor);
        _cache.Window.Touch(clock.Time.GetUtcNow());
        if (_cache.Window.Covers(after) && _cache.LastCommitted <= after && maxWait > TimeSpan.Zero)
        {
            // A network wait, not simulated time: a watch's client waits in real time whatever the clock does.
            var deadline = Task.Delay(maxWait);
            _cache.Window.Waiting++; // a waiting watch keeps the window's full history (not idle)
            try
            {
                // A stopping silo answers at once (with what it has) rather than holding its shutdown for the wait.
                while (_cache.LastCommitted <= after && !deadline.IsCompleted && !silo.Stopped.IsCompleted)
                {
                    await Task.WhenAny(_committed.Task, deadline, silo.Stopped);
                }
            }
            finally
            {
                _cache.Window.Waiting--;
                _cache.Window.Touch(clock.Time.GetUtcNow());
            }
        }

        return CacheAnswers.Read(_cache, after, max, silo.Stopped.IsCompleted);
    }

    public Task TrimAsync()
    {
        _cache.Window.Trim(clock.Time.GetUtcNow());
        _trim!.WakeAt(_cache.Window.NextTrim);
        return Task.CompletedTask;
    }

    private long Committed(Change? change)
    {
        var signal = _committed;
        _committed = NewSignal();
        signal.SetResult();
        _trim!.WakeBy(_cache.Window.NextTrim);
        return change?.ResourceVersion ?? _cache.ResourceVersion;
    }

    /// <summary>Durable mode: makes sure the next <paramref name="count"/> resourceVersions are within a reserved block.</summary>
    private Task ReserveAsync(int count) => ReserveToAsync(_cache.ResourceVersionAfter(count));

    /// <summary>Durable mode: makes sure resourceVersions up to <paramref name="upTo"/> are within a reserved block.</summary>
    private async Task ReserveToAsync(long upTo)
    {
        while (upTo > _reservedUpTo)
        {
            // Commits waiting here share one reservation; reads and lists interleave meanwhile.
            var reservation = _reservation ??= ReserveBlockAsync(upTo - _reservedUpTo);
            try
            {
                await reservation;
            }
            finally
            {
                if (ReferenceEquals(_reservation, reservation))
                {
                    _reservation = null;
                }
            }
        }
    }

    private async Task ReserveBlockAsync(long count)
    {
        // Partitions: past what is needed by a whole block, as their counts move on with the clock while this waits.
        var block = _stride > 1 ? count + Block : Math.Max(Block, count);
        _reservedUpTo = await repository.ReserveResourceVersionsAsync(_key.ToString(), block) ?? long.MaxValue;
    }

    /// <summary>
    /// A reservation's size in resourceVersions: the same number of commits whatever the partitions' stride, and for
    /// partitions (whose counts keep up with the clock) at least 10 s of it.
    /// </summary>
    private long Block => (_stride > 1 ? Math.Max(options.Value.ReservationBlock, 10_000_000) : options.Value.ReservationBlock) * _stride;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
