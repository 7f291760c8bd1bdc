namespace OrleansKube.Control.Watching;

/// <summary>
/// The recent changes of a kind, in resourceVersion order, bounded by count and by age (simulated time): what a
/// watch from an older resourceVersion replays, and what a list at an older resourceVersion undoes. Every change
/// after <see cref="StartResourceVersion"/> is here; a watch from before it is Expired (410).
/// </summary>
public sealed class ChangeWindow(int capacity, TimeSpan retention, long startResourceVersion)
{
    private readonly Change?[] _ring = new Change?[Math.Max(1, capacity)];
    private int _head;

    public int Count { get; private set; }

    public long StartResourceVersion { get; private set; } = startResourceVersion;

    public TimeSpan Retention => retention;

    /// <summary>When the oldest change falls out by age (null: the window is empty).</summary>
    public DateTimeOffset? NextTrim => Count == 0 ? null : At(0).At + retention;

    public void Append(Change change)
    {
        if (Count == _ring.Length)
        {
            DropOldest();
        }

        _ring[(_head + Count) % _ring.Length] = change;
        Count++;
    }

    /// <summary>Drops the changes older than the retention; returns how many went.</summary>
    public int Trim(DateTimeOffset now)
    {
        var dropped = 0;
        while (Count > 0 && At(0).At + retention <= now)
        {
            DropOldest();
            dropped++;
        }

        return dropped;
    }

    /// <summary>Whether every change after <paramref name="rv"/> is still here.</summary>
    public bool Covers(long rv) => rv >= StartResourceVersion;

    /// <summary>The changes after <paramref name="after"/>, oldest first, at most <paramref name="max"/>. The caller checked <see cref="Covers"/>.</summary>
    public List<Change> Read(long after, int max)
    {
        var result = new List<Change>();
        for (var i = FirstAfter(after); i < Count && result.Count < max; i++)
        {
            result.Add(At(i));
        }

        return result;
    }

    /// <summary>The changes after <paramref name="after"/> (all of them), oldest first.</summary>
    public IEnumerable<Change> Since(long after)
    {
        for (var i = FirstAfter(after); i < Count; i++)
        {
            yield return At(i);
        }
    }

    private Change At(int i) => _ring[(_head + i) % _ring.Length]!;

    private void DropOldest()
    {
        StartResourceVersion = At(0).ResourceVersion;
        _ring[_head] = null; // let the objects go
        _head = (_head + 1) % _ring.Length;
        Count--;
    }

    // Binary search: resourceVersions increase along the ring.
    private int FirstAfter(long rv)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (At(mid).ResourceVersion <= rv)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
