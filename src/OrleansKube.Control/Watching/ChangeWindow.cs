namespace OrleansKube.Control.Watching;

/// <summary>
/// The recent changes of a kind, in resourceVersion order, bounded by count and by age (simulated time): what a
/// watch from an older resourceVersion replays, and what a list at an older resourceVersion undoes. Every change
/// after <see cref="StartResourceVersion"/> is here; a watch from before it is Expired (410).
/// A kind nobody reads (no list or watch read for a whole <see cref="Retention"/>, no watch waiting) keeps at most
/// <c>idleCapacity</c> changes: a burst of removals (Events expiring by the thousand) then leaves no retained
/// states behind that no watcher could ask for; a later watch from before the window gets 410 and relists, as upstream.
/// The ring grows with its changes and gives its room back once they fall to a quarter of it.
/// </summary>
public sealed class ChangeWindow(int capacity, TimeSpan retention, long startResourceVersion, int idleCapacity = int.MaxValue, DateTimeOffset? readAt = null)
{
    private const int MinimumRoom = 16;

    private readonly int _capacity = Math.Max(1, capacity);
    private readonly int _idleCapacity = Math.Max(1, Math.Min(idleCapacity, Math.Max(1, capacity)));
    private Change?[] _ring = new Change?[Math.Min(MinimumRoom, Math.Max(1, capacity))];
    private int _head;
    private DateTimeOffset? _readAt = readAt;

    public int Count { get; private set; }

    public long StartResourceVersion { get; private set; } = startResourceVersion;

    public TimeSpan Retention => retention;

    /// <summary>The room the ring holds now (it follows <see cref="Count"/>, not the peak).</summary>
    public int Room => _ring.Length;

    /// <summary>How many watches wait on the window now (long polls): it is not idle while any does.</summary>
    public int Waiting { get; set; }

    /// <summary>When the oldest change falls out by age (null: the window is empty).</summary>
    public DateTimeOffset? NextTrim => Count == 0 ? null : At(0).At + retention;

    /// <summary>Whether nobody has read the window for a whole retention (as of <paramref name="now"/>) and no watch waits.</summary>
    public bool IsIdle(DateTimeOffset now) => Waiting == 0 && (_readAt is not { } read || now - read >= retention);

    /// <summary>A reader (a list or a watch's read) is at the window: it keeps its full history for the retention after.</summary>
    public void Touch(DateTimeOffset now)
    {
        if (_readAt is not { } read || now > read)
        {
            _readAt = now;
        }
    }

    public void Append(Change change)
    {
        var limit = IsIdle(change.At) ? _idleCapacity : _capacity;
        while (Count >= limit)
        {
            DropOldest();
        }

        if (Count == _ring.Length)
        {
            Resize(Math.Min(_capacity, _ring.Length * 2));
        }

        _ring[(_head + Count) % _ring.Length] = change;
        Count++;
        Shrink();
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

        Shrink();
        return dropped;
    }

    /// <summary>Whether every change after <paramref name="rv"/> is still here.</summary>
    public bool Covers(long rv) => rv >= StartResourceVersion;

    /// <summary>
    /// The changes after <paramref name="after"/>, oldest first, at most <paramref name="max"/>, each as
    /// <paramref name="map"/> makes it, in an array of the exact size. The caller checked <see cref="Covers"/>.
    /// </summary>
    public T[] Read<T>(long after, int max, Func<Change, T> map)
    {
        var first = FirstAfter(after);
        var result = new T[Math.Clamp(Count - first, 0, Math.Max(max, 0))];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = map(At(first + i));
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

    // A ring at a quarter of its room or less halves (an array keeps its peak size otherwise).
    private void Shrink()
    {
        var room = _ring.Length;
        while (room > MinimumRoom && Count <= room / 4)
        {
            room /= 2;
        }

        if (room < _ring.Length)
        {
            Resize(room);
        }
    }

    private void Resize(int room)
    {
        var ring = new Change?[room];
        for (var i = 0; i < Count; i++)
        {
            ring[i] = At(i);
        }

        _ring = ring;
        _head = 0;
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
