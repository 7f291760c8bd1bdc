using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Watching;

/// <summary>
/// The watch cache of one kind, as upstream's: every object of the kind (the stored references themselves) and a
/// window of its recent changes. Every stored change commits here and gets the kind's next resourceVersion, so
/// commit order is resourceVersion order. Lists are served at a resourceVersion: the current state, or an older one
/// still in the window, rebuilt by undoing the changes after it (continue pages and Exact lists stay consistent).
/// </summary>
public sealed class KindCache
{
    private readonly SortedObjects _objects = new();
    private readonly Dictionary<string, int> _perNamespace = new(StringComparer.Ordinal);
    private readonly LiveCounts _live = new();

    // Made when a controller first lists its objects (most kinds have none), kept current by the commits after.
    private ControllerIndex? _controllers;

    /// <summary>
    /// A cache of <paramref name="objects"/> at <paramref name="resourceVersion"/>; its window keeps at most
    /// <paramref name="capacity"/> changes for <paramref name="retention"/>, <paramref name="idleCapacity"/> while nobody
    /// reads it (see <see cref="ChangeWindow"/>). It counts as read at <paramref name="now"/> (its start), so a writer
    /// may watch from its write's resourceVersion. Its resourceVersion is at least 1, as etcd's revision: a list's
    /// resourceVersion "0" would mean "any" to a client, whose watch from it would replay the state instead of expiring.
    /// </summary>
    /// <remarks>
    /// One partition of <paramref name="partitions"/> (<paramref name="partition"/>) issues the resourceVersions
    /// <c>n × partitions + partition</c>, n counting up, so the partitions of a kind never issue the same one; its
    /// <see cref="ResourceVersion"/> is the highest it could have issued by now (<c>n × partitions + partitions − 1</c>),
    /// and <see cref="Advance"/> raises it, so a reader of several partitions can bring each to one snapshot. With one
    /// partition (the default) both are the count of commits, as before. A partition's count also keeps up with
    /// <paramref name="ticks"/> (a clock every partition reads alike, e.g. microseconds of wall time): n is at least
    /// the clock's reading at each commit, so a write made after another in time has the higher resourceVersion
    /// whichever partitions they went to (as far as the clocks agree), and a resourceVersion one partition issued is
    /// passed by the others within the time it took to issue it.
    /// </remarks>
    public KindCache(IEnumerable<KubeObject> objects, long resourceVersion, int capacity, TimeSpan retention, int idleCapacity = int.MaxValue, DateTimeOffset? now = null, int partitions = 1, int partition = 0, Func<long>? ticks = null)
    {
        _stride = Math.Max(1, partitions);
        _offset = partition;
        _ticks = ticks;
        foreach (var obj in objects)
        {
            if (_objects.Put(obj) is null)
            {
                Counted(obj, +1);
            }
        }

        _counter = Math.Max(MinimumResourceVersion, resourceVersion) / _stride;
        LastCommitted = ResourceVersion;
        Window = new ChangeWindow(capacity, retention, ResourceVersion, idleCapacity, now);
    }

    private readonly int _stride;
    private readonly int _offset;
    private long _counter;
    private readonly Func<long>? _ticks;

    /// <summary>The resourceVersion of an empty kind that never changed.</summary>
    public const long MinimumResourceVersion = 1;

    /// <summary>
    /// The resourceVersion of the last commit (of the cache's start when none came since); with partitions, the highest
    /// this partition could have issued so far: every later commit's is above it.
    /// </summary>
    public long ResourceVersion => FrontierAt(_counter);

    /// <summary>The highest resourceVersion this partition can have issued once its count is <paramref name="counter"/>.</summary>
    private long FrontierAt(long counter) => (counter * _stride) + _stride - 1;

    /// <summary>Raises <see cref="ResourceVersion"/> to at least <paramref name="floor"/> (no commit issues one at or below it later).</summary>
    public void Advance(long floor)
    {
        if (floor > ResourceVersion)
        {
            _counter = floor / _stride;
        }
    }

    /// <summary>The resourceVersion of the last commit (of the cache's start when none came since): what a watch waits to pass.</summary>
    public long LastCommitted { get; private set; }

    private long NextResourceVersion()
    {
        _counter = _ticks is null ? _counter + 1 : Math.Max(_counter + 1, _ticks());
        return LastCommitted = (_counter * _stride) + _offset;
    }

    /// <summary>The resourceVersion this partition would be at after <paramref name="commits"/> more commits now (what a durable cache reserves first).</summary>
    public long ResourceVersionAfter(int commits) =>
        FrontierAt(Math.Max(_counter + commits, _ticks is null ? 0 : _ticks() + commits));

    public ChangeWindow Window { get; }

    public int Count => _objects.Count;

    public KubeObject? Get(string ns, string name) => _objects.Get(ns, name);

    /// <summary>How many objects match now (one namespace's are read from where its keys start).</summary>
    public int CountMatching(ObjectFilter filter)
    {
        if (filter.Namespace is null && !filter.HasSelectors)
        {
            return _objects.Count;
        }

        var count = 0;
        foreach (var obj in _objects.From(filter.Namespace ?? "", "", inclusive: true))
        {
            if (filter.Namespace is not null && (obj.Metadata.Namespace ?? "") != filter.Namespace)
            {
                break; // past the namespace's keys
            }

            count += filter.Matches(obj) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// How many objects match now, as <see cref="CountMatching(ObjectFilter)"/>, for a count asked again and again: the
    /// first ask walks, later ones read the count the commits since have kept current (<see cref="LiveCounts"/>).
    /// </summary>
    public int CountMatching(ObjectFilter filter, DateTimeOffset now)
    {
        if (!filter.HasSelectors)
        {
            return filter.Namespace is null ? _objects.Count : _perNamespace.GetValueOrDefault(filter.Namespace);
        }

        var key = LiveCounts.KeyOf(filter);
        if (_live.Get(key, now) is { } kept)
        {
            return kept;
        }

        var count = CountMatching(filter);
        _live.Keep(key, filter, count, now);
        return count;
    }

    /// <summary>
    /// What a controller claims from, now: the objects of <paramref name="ns"/> the controller <paramref name="controllerUid"/>
    /// controls, whatever their labels (upstream's claim releases those its selector no longer selects), and the orphans
    /// there <paramref name="selector"/> selects (which it may adopt). Objects other controllers control are left out: no
    /// claim takes them.
    /// </summary>
    public List<KubeObject> ListControlled(string ns, string controllerUid, Selector selector)
    {
        _controllers ??= new ControllerIndex(_objects.All());
        var listed = new List<KubeObject>();
        foreach (var (keyNs, name) in _controllers.Controlled(controllerUid))
        {
            if (keyNs == ns && _objects.Get(keyNs, name) is { } controlled)
            {
                listed.Add(controlled);
            }
        }

        foreach (var name in _controllers.Orphans(ns))
        {
            if (_objects.Get(ns, name) is { } orphan && selector.Matches(orphan.Metadata.Labels))
            {
                listed.Add(orphan);
            }
        }

        return listed;
    }

    /// <summary>An object stored (created or changed): stamped with the next resourceVersion.</summary>
    public Change Commit(KubeObject obj, DateTimeOffset now)
    {
        var rv = NextResourceVersion();
        var stamped = ResourceVersions.Stamp(obj, rv);
        var previous = _objects.Put(stamped);
        if (previous is null)
        {
            Counted(stamped, +1);
        }

        _live.Changed(previous, stamped, now);
        _controllers?.Changed(previous, stamped);
        var change = new Change(rv, previous is null ? ChangeType.Added : ChangeType.Modified, stamped, previous, now);
        Window.Append(change);
        return change;
    }

    /// <summary>An object removed: the DELETED change carries its last state (<paramref name="last"/> when the cache has none) stamped anew.</summary>
    public Change Remove(KubeObject last, DateTimeOffset now)
    {
        var rv = NextResourceVersion();
        var removed = _objects.Remove(last.Metadata.Namespace ?? "", last.Metadata.Name ?? "");
        if (removed is not null)
        {
            Counted(removed, -1);
            _live.Changed(removed, null, now);
            _controllers?.Changed(removed, null);
        }

        var previous = removed ?? last;
        var change = new Change(rv, ChangeType.Deleted, ResourceVersions.Stamp(previous, rv), previous, now);
        Window.Append(change);
        return change;
    }

    /// <summary>
    /// A page of the objects <paramref name="filter"/> selects at <paramref name="at"/> (null: now), after the
    /// token's key, at most <paramref name="limit"/> (null or 0: all).
    /// </summary>
    public ListOutcome List(ObjectFilter filter, long? limit, ContinueToken? token, long? at)
    {
        var rv = token?.ResourceVersion ?? at ?? ResourceVersion;
        if (rv > ResourceVersion)
        {
            return new ListOutcome([], ResourceVersion, Refusal: ListRefusal.TooLarge, Message: ResourceVersions.TooLarge(rv, ResourceVersion));
        }

        if (rv < ResourceVersion && !Window.Covers(rv))
        {
            return new ListOutcome([], ResourceVersion, Refusal: ListRefusal.Expired, Message: token is null
                ? ResourceVersions.TooOld(rv, Window.StartResourceVersion)
                : "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
        }

        // The state at rv: each key changed since keeps its state before the first change after rv (null: it did not exist).
        Dictionary<(string, string), KubeObject?>? then = null;
        List<KubeObject> gone = [];
        if (rv < ResourceVersion)
        {
            then = [];
            foreach (var change in Window.Since(rv))
            {
                var key = (change.Object.Metadata.Namespace ?? "", change.Object.Metadata.Name ?? "");
                if (!then.ContainsKey(key))
                {
                    then[key] = change.Type == ChangeType.Added ? null : change.Previous;
                }
            }

            gone = [.. then.Values.OfType<KubeObject>().Where(o => _objects.Get(o.Metadata.Namespace ?? "", o.Metadata.Name ?? "") is null)];
            gone.Sort(ObjectOrder.Compare);
        }

        var (startNs, startName, inclusive) = token is not null ? (token.Namespace, token.Name, false) : (filter.Namespace ?? "", "", true);
        var max = limit is > 0 ? limit.Value : long.MaxValue;
        var items = new List<KubeObject>();
        var more = false;
        foreach (var candidate in Merge(_objects.From(startNs, startName, inclusive), gone.Where(o => After(o, startNs, startName, inclusive))))
        {
            if (filter.Namespace is { } ns && (candidate.Metadata.Namespace ?? "") != ns)
            {
                break;
            }

            var state = then is not null && then.TryGetValue((candidate.Metadata.Namespace ?? "", candidate.Metadata.Name ?? ""), out var old) ? old : candidate;
            if (state is null || !filter.Matches(state))
            {
                continue;
            }

            if (items.Count == max)
            {
                more = true;
                break;
            }

            items.Add(state);
        }

        if (!more)
        {
            return new ListOutcome(items, rv);
        }

        var last = items[^1];
        var returned = (token?.Returned ?? 0) + items.Count;
        var next = new ContinueToken(rv, last.Metadata.Namespace ?? "", last.Metadata.Name ?? "", returned);
        long? remaining = filter.HasSelectors ? null : Math.Max(0, CountAt(filter.Namespace, then) - returned);
        return new ListOutcome(items, rv, next, remaining);
    }

    private long CountAt(string? ns, Dictionary<(string Ns, string Name), KubeObject?>? then)
    {
        long count = ns is null ? _objects.Count : _perNamespace.GetValueOrDefault(ns);
        foreach (var ((keyNs, name), old) in then ?? [])
        {
            if (ns is null || keyNs == ns)
            {
                count += (old is null ? 0 : 1) - (_objects.Get(keyNs, name) is null ? 0 : 1);
            }
        }

        return count;
    }

    private static bool After(KubeObject obj, string ns, string name, bool inclusive)
    {
        var order = ObjectOrder.Compare(obj, ns, name);
        return inclusive ? order >= 0 : order > 0;
    }

    private static IEnumerable<KubeObject> Merge(IEnumerable<KubeObject> a, IEnumerable<KubeObject> b)
    {
        using var x = a.GetEnumerator();
        using var y = b.GetEnumerator();
        bool hasX = x.MoveNext(), hasY = y.MoveNext();
        while (hasX || hasY)
        {
            if (!hasY || (hasX && ObjectOrder.Compare(x.Current, y.Current) <= 0))
            {
                yield return x.Current;
                hasX = x.MoveNext();
            }
            else
            {
                yield return y.Current;
                hasY = y.MoveNext();
            }
        }
    }

    private void Counted(KubeObject obj, int delta)
    {
        var ns = obj.Metadata.Namespace ?? "";
        var count = _perNamespace.GetValueOrDefault(ns) + delta;
        if (count == 0)
        {
            _perNamespace.Remove(ns);
        }
        else
        {
            _perNamespace[ns] = count;
        }
    }
}
