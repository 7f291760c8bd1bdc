using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Watching;

/// <summary>
/// A kind's objects by the uid of their controller (the owner reference with <c>controller: true</c>), and per
/// namespace those with none: what a controller's first pass claims from (its own objects, and the orphans its
/// selector may adopt), found without walking the namespace. Upstream's controllers list every object of the namespace
/// from their informer and filter; here a pass costs the same however many objects the namespace holds.
/// </summary>
public sealed class ControllerIndex
{
    private readonly Dictionary<string, HashSet<(string Ns, string Name)>> _controlled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _orphans = new(StringComparer.Ordinal);

    public ControllerIndex(IEnumerable<KubeObject> objects)
    {
        foreach (var obj in objects)
        {
            Add(obj);
        }
    }

    /// <summary>The keys of the objects <paramref name="controllerUid"/> controls (in any namespace an owner reference named it from).</summary>
    public IReadOnlyCollection<(string Ns, string Name)> Controlled(string controllerUid) =>
        _controlled.TryGetValue(controllerUid, out var keys) ? keys : [];

    /// <summary>The names of the objects of <paramref name="ns"/> that no controller controls.</summary>
    public IReadOnlyCollection<string> Orphans(string ns) => _orphans.TryGetValue(ns, out var names) ? names : [];

    /// <summary>An object stored (<paramref name="after"/>) or removed (null) in place of <paramref name="before"/> (null: it is new).</summary>
    public void Changed(KubeObject? before, KubeObject? after)
    {
        if (before is not null && after is not null && ControllerRefs.ControllerOf(before)?.Uid == ControllerRefs.ControllerOf(after)?.Uid)
        {
            return; // the same controller, or still none: most changes
        }

        if (before is not null)
        {
            Remove(before);
        }

        if (after is not null)
        {
            Add(after);
        }
    }

    private void Add(KubeObject obj)
    {
        var (ns, name) = (obj.Metadata.Namespace ?? "", obj.Metadata.Name ?? "");
        if (ControllerRefs.ControllerOf(obj)?.Uid is { } uid)
        {
            Set(_controlled, uid).Add((ns, name));
        }
        else
        {
            Set(_orphans, ns).Add(name);
        }
    }

    private void Remove(KubeObject obj)
    {
        var (ns, name) = (obj.Metadata.Namespace ?? "", obj.Metadata.Name ?? "");
        if (ControllerRefs.ControllerOf(obj)?.Uid is { } uid)
        {
            if (_controlled.TryGetValue(uid, out var keys) && keys.Remove((ns, name)) && keys.Count == 0)
            {
                _controlled.Remove(uid);
            }
        }
        else if (_orphans.TryGetValue(ns, out var names) && names.Remove(name) && names.Count == 0)
        {
            _orphans.Remove(ns);
        }
    }

    private static HashSet<T> Set<T>(Dictionary<string, HashSet<T>> sets, string key)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = [];
        }

        return set;
    }
}
