namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>Per-pod, per-cycle data plugins compute in PreFilter/PreScore and read in Filter/Score.</summary>
public sealed class CycleState
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    public void Write(string key, object value) => _data[key] = value;

    public T? Read<T>(string key)
        where T : class => _data.TryGetValue(key, out var value) ? value as T : null;

    /// <summary>Plugins whose PreFilter said Skip: their Filter is not run for this pod.</summary>
    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>The filters this pod runs (the profile's, less those skipped), fixed once PreFilter is done: Filter runs per node, the skip set is not looked up each time.</summary>
    internal IReadOnlyList<IFilterPlugin>? Filters { get; set; }

    /// <summary>Empties the state for the next cycle (the framework reuses one state per cycle).</summary>
    internal void Clear()
    {
        _data.Clear();
        SkipFilterPlugins.Clear();
        SkipScorePlugins.Clear();
        Filters = null;
    }
}
