namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>Per-pod, per-cycle data plugins compute in PreFilter/PreScore and read in Filter/Score.</summary>
/// <remarks>
/// A handful of entries, read once per node and plugin: a short array scanned by key (the keys are the plugins'
/// constant strings, equal by reference) beats hashing the key on every read.
/// </remarks>
public sealed class CycleState
{
    private (string Key, object Value)[] _entries = new (string, object)[8];
    private int _count;

    public void Write(string key, object value)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            _entries[index].Value = value;
            return;
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = (key, value);
    }

    public T? Read<T>(string key)
        where T : class => IndexOf(key) is var index and >= 0 ? _entries[index].Value as T : null;

    /// <summary>Plugins whose PreFilter said Skip: their Filter is not run for this pod.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>The filters this pod runs (the profile's, less those skipped), fixed once PreFilter is done: Filter runs per node, the skip set is not looked up each time.</summary>
    internal IReadOnlyList<IFilterPlugin>? Filters { get; set; }

    /// <summary>Empties the state for the next cycle (the framework reuses one state per cycle).</summary>
    internal void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        SkipFilterPlugins.Clear();
        SkipScorePlugins.Clear();
        Filters = null;
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_entries[i].Key, key))
            {
                return i;
            }
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
