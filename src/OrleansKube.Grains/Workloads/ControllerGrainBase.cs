using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// What every controller grain does around its reconciler: keeps the latest workload and its children as their
/// grains report them (the informer's view: it lags the controller's own writes), lists them once on activation,
/// coalesces any number of notifications into one pass, and wakes itself when the pass asks (minReadySeconds, a
/// progress deadline) or after a failed pass (backing off from 5 ms to 1000 s, as upstream's rate limiter).
/// </summary>
public abstract partial class ControllerGrainBase<TWorkload, TChild>(SimulationClock clock, ILogger logger) : Grain, IControllerGrain
    where TWorkload : KubeObject
    where TChild : KubeObject
{
    // Upstream's default controller rate limiter: 5 ms doubling to 1000 s per workload.
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1000);

    private ObjectKey? _key;
    private GrainTimer? _requeue;
    private IControllerGrain? _self;
    private bool _syncQueued;
    private bool _listed;
    private TimeSpan _backoff;
    private KubeMetrics? _metrics;

    protected ObjectKey Key => _key ??= ObjectKey.Parse(this.GetPrimaryKeyString());

    protected TimeProvider Time => clock.Time;

    // Resolved, not injected, so the controllers' constructors need not pass it on.
    private KubeMetrics Metrics => _metrics ??= ServiceProvider.GetRequiredService<KubeMetrics>();

    protected TWorkload? Workload { get; private set; }

    /// <summary>The children seen: those the workload controls, and orphans it may adopt.</summary>
    protected Dictionary<string, TChild> Children { get; } = new(StringComparer.Ordinal);

    protected abstract KindInfo ChildKind { get; }

    protected abstract string Component { get; }

    /// <summary>What the last pass still waits to see of its own creates and deletes.</summary>
    protected ControllerExpectations Expectations { get; } = new();

    protected IObjectControl Control => new GrainObjectControl(GrainFactory, Component, clock.Time);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The controller's view lives in memory, as long as its workload exists.
        DelayDeactivation(TimeSpan.MaxValue);
        _self = this.AsReference<IControllerGrain>(); // made once: a reference is resolved and allocated per call
        _requeue = new GrainTimer(clock, _self.SyncAsync);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _requeue?.Dispose();
        return Task.CompletedTask;
    }

    public Task ObjectChangedAsync(Immutable<KubeObject> workload)
    {
        var previous = Workload;
        if (previous is not null && previous.Metadata.Uid == workload.Value.Metadata.Uid && IsOlder(workload.Value, previous))
        {
            return Task.CompletedTask; // the pass's own write already brought a newer copy
        }

        Workload = (TWorkload)workload.Value;
        if (previous is not null && previous.Metadata.Uid != Workload.Metadata.Uid)
        {
            // Deleted and made again under the same name: a different workload.
            Children.Clear();
            _listed = false;
        }

        QueueSync();
        return Task.CompletedTask;
    }

    public Task ResyncAsync(Immutable<KubeObject> workload) => ObjectChangedAsync(workload);

    public async Task ObjectDeletedAsync()
    {
        var deleted = Workload;
        Workload = null;
        _requeue?.WakeAt(null);
        if (deleted is not null)
        {
            await OnWorkloadDeletedAsync(deleted);
        }

        DeactivateOnIdle();
    }

    public Task ChildChangedAsync(Immutable<KubeObject> child)
    {
        if (child.Value is not TChild value)
        {
            // Another kind it controls (a StatefulSet's claims, its ControllerRevisions): its view's only if the controller keeps one.
            if (OnOtherChildChanged(child.Value))
            {
                QueueSync();
            }

            return Task.CompletedTask;
        }

        var name = value.Metadata.Name!;
        Children.TryGetValue(name, out var before);
        if (before is not null && before.Metadata.Uid == value.Metadata.Uid && IsOlder(value, before))
        {
            return Task.CompletedTask; // a notification overtaken by the copy the controller's own write returned
        }

        Children[name] = value;
        OnChildSeen(before, value);
        QueueSync();
        return Task.CompletedTask;
    }

    public Task ChildRemovedAsync(string name)
    {
        if (Children.Remove(name))
        {
            OnChildGone(name);
        }
        else
        {
            OnOtherChildGone(name);
        }

        QueueSync();
        return Task.CompletedTask;
    }

    public async Task SyncAsync()
    {
        if (_syncQueued)
        {
            Metrics.ControllerQueueDepth.Add(-1, new KeyValuePair<string, object?>("kind", Key.Kind));
        }

        _syncQueued = false;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Workload ??= await ObjectStore.For(GrainFactory, Key).GetAsync() as TWorkload;
        if (Workload is null)
        {
            // The owner its children name does not exist: they are garbage, as upstream's collector finds dangling
            // owners (a pass still creating when its workload was deleted leaves such pods). Then nothing to keep.
            var control = Control;
            foreach (var orphaned in Children.Values.Where(c => ControllerRefs.ControllerOf(c) is { } owner && owner.Kind == Key.Kind && owner.Name == Key.Name).ToList())
            {
                await control.TryDeleteAsync(orphaned);
            }

            Children.Clear();

            // Nothing to keep, but no DeactivateOnIdle: notifications queued meanwhile would be forwarded to a new
            // activation that did the same, and Orleans drops a one-way message forwarded twice. Idle collection takes it.
            DelayDeactivation(TimeSpan.Zero);
            return;
        }

        DateTimeOffset? requeueAt;
        try
        {
            if (!_listed)
            {
                await ListChildrenAsync(Workload);
                await OnListedAsync(Workload);
                _listed = true;
            }

            (var stored, requeueAt) = await ReconcileAsync(Workload);
            Workload = stored;
            if (requeueAt is { } at && at <= Time.GetUtcNow())
            {
                // A look again at a time already past (a deadline that has gone by): rate-limited, as upstream's
                // enqueueRateLimited, not at once; on a stopped clock an immediate wake would rerun the pass for ever.
                _backoff = _backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                requeueAt = Time.GetUtcNow() + _backoff;
            }
            else
            {
                _backoff = TimeSpan.Zero;
            }
        }
        catch (Exception e)
        {
            // Level-triggered: a failed pass (a conflict, a refused write) is simply tried again later.
            _backoff = _backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
            requeueAt = Time.GetUtcNow() + _backoff;
            LogPassFailed(logger, Key.ToString(), e.Message);
        }

        Metrics.ReconcileDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", Key.Kind));
        _requeue?.WakeAt(requeueAt);
    }

    /// <summary>One pass over the current view; returns the workload as the pass left it stored, and when to look again, if the pass needs it.</summary>
    protected abstract Task<(TWorkload Stored, DateTimeOffset? RequeueAt)> ReconcileAsync(TWorkload workload);

    protected abstract LabelSelector? SelectorOf(TWorkload workload);

    /// <summary>The children are the objects the workload controls (owner references), as a ReplicaSet's pods; false when its selector alone picks them.</summary>
    protected virtual bool ChildrenControlled => true;

    /// <summary>A child arrived or changed: a new one of its own fulfils an expected create, one marked for deletion an expected delete.</summary>
    protected virtual void OnChildSeen(TChild? before, TChild after)
    {
        if (Workload is not { } workload || !ControllerRefs.IsControlledBy(after, workload))
        {
            return;
        }

        if (before is null)
        {
            Expectations.CreationObserved();
        }

        if (after.Metadata.DeletionTimestamp is not null && before?.Metadata.DeletionTimestamp is null)
        {
            Expectations.DeletionObserved(after.Metadata.Name!);
        }
    }

    protected virtual void OnChildGone(string name) => Expectations.DeletionObserved(name);

    /// <summary>A child of another kind than <typeparamref name="TChild"/> changed; true when the controller keeps it in a view of its own (and so looks again).</summary>
    protected virtual bool OnOtherChildChanged(KubeObject child) => false;

    /// <summary>A child not in the view is gone: perhaps one of another kind the controller keeps.</summary>
    protected virtual void OnOtherChildGone(string name)
    {
    }

    /// <summary>The first pass of an activation: what else the controller watches is read here.</summary>
    protected virtual Task OnListedAsync(TWorkload workload) => Task.CompletedTask;

    /// <summary>Asks for a pass from a subclass's own notifications.</summary>
    protected void RequestSync() => QueueSync();

    /// <summary>The workload was deleted (its dependents are the garbage collector's).</summary>
    protected virtual Task OnWorkloadDeletedAsync(TWorkload deleted)
    {
        Children.Clear();
        return Task.CompletedTask;
    }

    /// <summary>The view replaced by what the children are now, until their own notifications keep it current.</summary>
    protected void RefreshView(IEnumerable<TChild> children)
    {
        foreach (var child in children)
        {
            Children[child.Metadata.Name!] = child;
        }
    }

    private async Task ListChildrenAsync(TWorkload workload)
    {
        foreach (var child in await ListAsync(workload))
        {
            Children.TryAdd(child.Metadata.Name!, child);
        }
    }

    /// <summary>The children as they are stored now, for a pass that needs what the notifications leave out; a copy newer than the listed one is kept.</summary>
    protected async Task RelistChildrenAsync(TWorkload workload)
    {
        foreach (var child in await ListAsync(workload))
        {
            var name = child.Metadata.Name!;
            if (!Children.TryGetValue(name, out var seen) || seen.Metadata.Uid != child.Metadata.Uid || !IsOlder(child, seen))
            {
                Children[name] = child;
            }
        }
    }

    private async Task<IEnumerable<TChild>> ListAsync(TWorkload workload)
    {
        var selector = LabelSelectors.ToSelector(SelectorOf(workload));
        if (selector.IsEverything || selector == Selector.Nothing)
        {
            return []; // upstream never selects everything or nothing for a controller
        }

        if (ChildrenControlled)
        {
            // As an informer's indexer: what it controls and the orphans it may adopt, not a walk of the namespace.
            var controlled = await ServiceProvider.GetRequiredService<SharedReferences>().WatchCache(ChildKind.Kind, Key.Namespace).ListControlledAsync(Key.Namespace, workload.Metadata.Uid!, selector.ToString());
            return controlled.Value.OfType<TChild>();
        }

        var listed = await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(ChildKind.Plural, Key.Namespace, selector.ToString()));
        return listed.OfType<TChild>();
    }

    /// <summary>Whether <paramref name="candidate"/> is an older copy of the same object than <paramref name="current"/> (by resourceVersion).</summary>
    protected static bool IsOlder(KubeObject candidate, KubeObject current) =>
        long.TryParse(candidate.Metadata.ResourceVersion, out var a) && long.TryParse(current.Metadata.ResourceVersion, out var b) && a < b;

    private void QueueSync()
    {
        if (!_syncQueued)
        {
            _syncQueued = true;
            Metrics.ControllerQueueDepth.Add(1, new KeyValuePair<string, object?>("kind", Key.Kind));
            _self!.SyncAsync().Ignore();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconcile of {Workload} failed, retried later: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string workload, string reason);
}
