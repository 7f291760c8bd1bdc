using System.Numerics;

namespace OrleansKube.Model.Caching;

/// <summary>
/// Values made recently, kept by key in a direct-mapped table: a lookup takes no lock (a slot is one immutable entry,
/// replaced whole), and a key whose slot a later key took is made again. For values asked again and again and cheap to
/// remake: a quantity's text, a field path, a grain reference, an object's JSON.
/// </summary>
public sealed class RecentValues<TKey, TValue>(int slots, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Entry?[] _entries = new Entry?[BitOperations.RoundUpToPowerOf2((uint)slots)];
    private readonly IEqualityComparer<TKey> _comparer = comparer ?? EqualityComparer<TKey>.Default;

    /// <summary>The value kept for <paramref name="key"/>, else <paramref name="make"/>'s, which is then kept.</summary>
    public TValue GetOrAdd<TState>(TKey key, TState state, Func<TKey, TState, TValue> make)
    {
        var slot = _comparer.GetHashCode(key) & (_entries.Length - 1);
        if (Volatile.Read(ref _entries[slot]) is { } hit && _comparer.Equals(hit.Key, key))
        {
            return hit.Value;
        }

        var value = make(key, state);
        Volatile.Write(ref _entries[slot], new Entry(key, value));
        return value;
    }

    private sealed record Entry(TKey Key, TValue Value);
}
