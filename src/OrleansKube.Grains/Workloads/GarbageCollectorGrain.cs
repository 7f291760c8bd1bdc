using OrleansKube.Control.Leadership;
using OrleansKube.Control.Workloads.GarbageCollection;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// Runs <see cref="GarbageCollector"/> while the controller-manager leader's mandate runs. Work waits in a
/// <see cref="CollectionQueue{TOwner}"/> until then and runs in slices of at most
/// <see cref="CollectionQueue{TOwner}.WritesPerSlice"/> writes, each slice continuing the next by a one-way call to
/// itself: the leader's renewal (<see cref="LeadAsync"/>) waits at most one slice, never a whole deletion. Foreground
/// owners are looked at again on every renewal (2 s) until their blocking dependents are gone.
/// </summary>
public sealed class GarbageCollectorGrain(SimulationClock clock) : ResidentGrain, IGarbageCollectorGrain
{
    private static readonly KindInfo[] DependentKinds = [.. Kinds.All.Where(k => k.Namespaced && k != Kinds.Event && k != Kinds.Lease)];

    private readonly LeaderTerm _leader = new();
    private readonly CollectionQueue<ObjectKey> _queue = new();
    private bool _continuing;

    // A renewal's round runs to its end in slices, however far the clock moves meanwhile (as the unsliced collector did).
    private bool _mandated;

    private GarbageCollector Collector => new(new GrainObjectControl(GrainFactory, "garbage-collector", clock.Time));

    // A notice only queues work: each removed dependent notifies the collector too, and a slice per notice would
    // run the whole deletion ahead of a renewal waiting behind the notices.
    public Task OwnerRemovedAsync(string ownerKey, string ownerUid)
    {
        _queue.OwnerRemoved(ObjectKey.Parse(ownerKey), ownerUid);
        Continue();
        return Task.CompletedTask;
    }

    public Task OwnerDeletingAsync(string ownerKey)
    {
        _queue.OwnerDeleting(ObjectKey.Parse(ownerKey));
        Continue();
        return Task.CompletedTask;
    }

    public Task<bool> LeadAsync(string holder, int term, DateTimeOffset renewTime)
    {
        if (!_leader.Accept(holder, term, renewTime))
        {
            return Task.FromResult(false);
        }

        // The leader has just renewed: its pending work runs now, however far the clock has moved meanwhile, in
        // slices after this call has answered.
        _queue.NewRound();
        _mandated = true;
        Continue();
        return Task.FromResult(true);
    }

    public Task<int> PendingAsync() => Task.FromResult(_queue.Pending);

    public async Task ContinueAsync()
    {
        _continuing = false;
        await RunSliceAsync();
    }

    /// <summary>The next slice runs in a turn of its own, so calls waiting meanwhile (a renewal) go first.</summary>
    private void Continue()
    {
        if (!_mandated && !_leader.Leading(clock.Time.GetUtcNow()))
        {
            return; // the elected leader's next renewal runs it
        }

        if (!_queue.HasWork)
        {
            _mandated = false;
        }
        else if (!_continuing)
        {
            _continuing = true;
            this.AsReference<IGarbageCollectorGrain>().ContinueAsync().Ignore();
        }
    }

    private async Task RunSliceAsync()
    {
        if (!_mandated && !_leader.Leading(clock.Time.GetUtcNow()))
        {
            return; // the elected leader's next renewal runs it
        }

        var budget = new WriteBudget(CollectionQueue<ObjectKey>.WritesPerSlice);
        while (!budget.Exhausted)
        {
            if (_queue.TakeDependents(budget.Remaining) is { } slice)
            {
                var ns = slice.Owner.Namespace;
                await Collector.CollectAsync(slice.GoneUid, slice.Dependents, async owner =>
                    Kinds.Find(owner.ApiVersion, owner.Kind) is { } kind
                    && await ObjectStore.For(GrainFactory, ObjectKey.For(kind, ns, owner.Name)).GetAsync() is { } found
                    && found.Metadata.Uid == owner.Uid);
                for (var i = 0; i < slice.Dependents.Count; i++)
                {
                    budget.Spend();
                }
            }
            else if (_queue.TryTakeRemoved(out var gone, out var uid))
            {
                // A list is a read, but a heavy one: it counts as a write so a slice of many removed owners stays short.
                budget.Spend();
                _queue.AddDependents(gone, uid, await DependentsAsync(gone.Namespace, uid));
            }
            else if (_queue.TryTakeDue(out var key))
            {
                var owner = await ObjectStore.For(GrainFactory, key).GetAsync();
                if (owner?.Metadata.DeletionTimestamp is null || await Collector.FinishAsync(owner, await DependentsAsync(key.Namespace, owner.Metadata.Uid!), budget))
                {
                    _queue.Done(key);
                }
                else if (budget.Exhausted)
                {
                    _queue.Unfinished(key);
                }
            }
            else
            {
                break;
            }
        }

        Continue();
    }

    private async Task<List<KubeObject>> DependentsAsync(string ns, string ownerUid)
    {
        if (ns.Length == 0)
        {
            return []; // cluster-scoped owners: their dependents are not tracked here
        }

        var api = GrainFactory.Get<IApiGrain>(0);
        var lists = await Task.WhenAll(DependentKinds.Select(kind => api.ListAsync(new ListQuery(kind.Plural, ns))));
        return GarbageCollector.DependentsOf(ownerUid, lists.SelectMany(l => l));
    }
}
