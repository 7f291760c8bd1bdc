namespace OrleansKube.Control.Workloads.GarbageCollection;

/// <summary>
/// The garbage collector's work, taken in slices of at most <see cref="WritesPerSlice"/> writes so one owner with
/// thousands of dependents does not hold the collector (and the leader's renewal waiting on it) for the whole deletion:
/// owners removed in the background wait to have their dependents listed; listed dependents wait to be collected;
/// owners deleting with a finalizer of the collector's are visited once per round (a renewal or their own notice).
/// </summary>
public sealed class CollectionQueue<TOwner>
    where TOwner : notnull
{
    /// <summary>The most writes one slice makes before the collector lets other calls in.</summary>
    public const int WritesPerSlice = 200;

    private readonly Queue<(TOwner Owner, string Uid)> _removed = new();
    private readonly Queue<(string GoneUid, TOwner Owner, KubeObject Dependent)> _dependents = new();
    private readonly HashSet<TOwner> _deleting = [];
    private readonly Queue<TOwner> _due = new();
    private readonly HashSet<TOwner> _dueSet = [];

    /// <summary>Whether a slice has something to do now (a deleting owner waits for its next round, not counted).</summary>
    public bool HasWork => _removed.Count > 0 || _dependents.Count > 0 || _due.Count > 0;

    /// <summary>The owners still waiting for the collector.</summary>
    public int Pending => _removed.Count + _dependents.Select(d => d.GoneUid).Distinct().Count() + _deleting.Count;

    public void OwnerRemoved(TOwner owner, string uid) => _removed.Enqueue((owner, uid));

    public void OwnerDeleting(TOwner owner)
    {
        _deleting.Add(owner);
        MakeDue(owner);
    }

    /// <summary>A new round: every deleting owner is visited again (its blocking dependents may be gone by now).</summary>
    public void NewRound()
    {
        foreach (var owner in _deleting)
        {
            MakeDue(owner);
        }
    }

    public bool TryTakeRemoved(out TOwner owner, out string uid)
    {
        var taken = _removed.TryDequeue(out var next);
        (owner, uid) = next;
        return taken;
    }

    /// <summary>The dependents of a removed owner, to collect in later slices.</summary>
    public void AddDependents(TOwner owner, string goneUid, IEnumerable<KubeObject> dependents)
    {
        foreach (var dependent in dependents)
        {
            _dependents.Enqueue((goneUid, owner, dependent));
        }
    }

    /// <summary>At most <paramref name="max"/> listed dependents of the same removed owner, in the order they were listed.</summary>
    public (TOwner Owner, string GoneUid, List<KubeObject> Dependents)? TakeDependents(int max)
    {
        if (max <= 0 || !_dependents.TryPeek(out var first))
        {
            return null;
        }

        var slice = new List<KubeObject>();
        while (slice.Count < max && _dependents.TryPeek(out var next) && next.GoneUid == first.GoneUid)
        {
            slice.Add(_dependents.Dequeue().Dependent);
        }

        return (first.Owner, first.GoneUid, slice);
    }

    public bool TryTakeDue(out TOwner owner)
    {
        if (_due.TryDequeue(out owner!))
        {
            _dueSet.Remove(owner);
            return true;
        }

        return false;
    }

    /// <summary>A deleting owner the collector is done with (released, or gone).</summary>
    public void Done(TOwner owner) => _deleting.Remove(owner);

    /// <summary>A deleting owner whose slice ran out of writes: it comes again in the next slice, not the next round.</summary>
    public void Unfinished(TOwner owner) => MakeDue(owner);

    private void MakeDue(TOwner owner)
    {
        if (_dueSet.Add(owner))
        {
            _due.Enqueue(owner);
        }
    }
}
