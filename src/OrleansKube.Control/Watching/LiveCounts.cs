namespace OrleansKube.Control.Watching;

/// <summary>
/// Counts asked for again and again (a load test's progress, polled every second), kept current by the kind's
/// commits instead of walking every object at each ask: the first ask of a filter walks once, then each change adds or
/// takes one, so a poll costs the same at 150,000 pods as at 15. Each count costs its filter's match of a change's two
/// states per commit: one nobody asked for in <see cref="Idle"/> is dropped, and past <see cref="MaxCounts"/> the least
/// recently asked goes.
/// </summary>
public sealed class LiveCounts
{
    public const int MaxCounts = 8;

    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    // A list, read by index: every commit goes through it, and there are at most MaxCounts.
    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>The count of the filter <paramref name="key"/> names, when it is kept; asking keeps it for another <see cref="Idle"/>.</summary>
    public int? Get(string key, DateTimeOffset now)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                entry.Asked = now;
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="filter"/>'s count from now on, starting at <paramref name="count"/> (a walk's result).</summary>
    public void Keep(string key, ObjectFilter filter, int count, DateTimeOffset now)
    {
        if (_entries.Count == MaxCounts)
        {
            var oldest = 0;
            for (var i = 1; i < _entries.Count; i++)
            {
                oldest = _entries[i].Asked < _entries[oldest].Asked ? i : oldest;
            }

            _entries.RemoveAt(oldest);
        }

        _entries.Add(new Entry(key, filter, count, now));
    }

    /// <summary>An object changed from <paramref name="before"/> to <paramref name="after"/> (null: absent); drops the counts idle since <see cref="Idle"/>.</summary>
    public void Changed(KubeObject? before, KubeObject? after, DateTimeOffset now)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (now - entry.Asked > Idle)
            {
                _entries.RemoveAt(i);
                continue;
            }

            entry.Value += (after is not null && entry.Filter.Matches(after) ? 1 : 0) - (before is not null && entry.Filter.Matches(before) ? 1 : 0);
        }
    }

    /// <summary>What names a filter among the kept counts: its namespace and its selectors as parsed (an empty label selector that matches nothing is not the one that matches everything).</summary>
    public static string KeyOf(ObjectFilter filter) => $"{filter.Namespace}\n{(filter.Labels.IsEverything ? "" : "?")}{filter.Labels}\n{filter.Fields}";

    private sealed class Entry(string key, ObjectFilter filter, int value, DateTimeOffset asked)
    {
        public string Key { get; } = key;

        public ObjectFilter Filter { get; } = filter;

        public int Value { get; set; } = value;

        public DateTimeOffset Asked { get; set; } = asked;
    }
}
