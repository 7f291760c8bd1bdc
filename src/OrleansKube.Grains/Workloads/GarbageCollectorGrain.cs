using OrleansKube.Control.Leadership;
using OrleansKube.Control.Workloads.GarbageCollection;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// Runs <see cref="GarbageCollector"/> while the controller-manager leader's mandate runs. Work waits in a queue
/// until then; foreground owners are looked at again on every renewal (2 s) until their blocking dependents are gone.
/// </summary>
public sealed class GarbageCollectorGrain(SimulationClock clock) : ResidentGrain, IGarbageCollectorGrain
{
    private static readonly KindInfo[] DependentKinds = [.. Kinds.All.Where(k => k.Namespaced && k != Kinds.Event && k != Kinds.Lease)];

    private readonly LeaderTerm _leader = new();
    private readonly Queue<(ObjectKey Owner, string Uid)> _removed = new();
    private readonly HashSet<ObjectKey> _deleting = [];

    private GarbageCollector Collector => new(new GrainObjectControl(GrainFactory, "garbage-collector", clock.Time));

    public async Task OwnerRemovedAsync(string ownerKey, string ownerUid)
    {
        _removed.Enqueue((ObjectKey.Parse(ownerKey), ownerUid));
        await RunAsync();
    }

    public async Task OwnerDeletingAsync(string ownerKey)
    {
        _deleting.Add(ObjectKey.Parse(ownerKey));
        await RunAsync();
    }

    public async Task<bool> LeadAsync(string holder, int term, DateTimeOffset renewTime)
    {
        if (!_leader.Accept(holder, term, renewTime))
        {
            return false;
        }

        // The leader has just renewed: its pending work runs now, however far the clock has moved meanwhile.
        await RunAsync(mandated: true);
        return true;
    }

    public Task<int> PendingAsync() => Task.FromResult(_removed.Count + _deleting.Count);

    private async Task RunAsync(bool mandated = false)
    {
        if (!mandated && !_leader.Leading(clock.Time.GetUtcNow()))
        {
            return; // the elected leader's next renewal runs it
        }

        while (_removed.TryDequeue(out var gone))
        {
            var dependents = await DependentsAsync(gone.Owner.Namespace, gone.Uid);
            await Collector.CollectAsync(gone.Uid, dependents, async owner =>
                Kinds.Find(owner.ApiVersion, owner.Kind) is { } kind
                && await ObjectStore.For(GrainFactory, ObjectKey.For(kind, gone.Owner.Namespace, owner.Name)).GetAsync() is { } found
                && found.Metadata.Uid == owner.Uid);
        }

        foreach (var key in _deleting.ToList())
        {
            var owner = await ObjectStore.For(GrainFactory, key).GetAsync();
            if (owner?.Metadata.DeletionTimestamp is null)
            {
                _deleting.Remove(key);
                continue;
            }

            if (await Collector.FinishAsync(owner, await DependentsAsync(key.Namespace, owner.Metadata.Uid!)))
            {
                _deleting.Remove(key);
            }
        }
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
