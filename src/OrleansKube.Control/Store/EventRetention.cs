namespace OrleansKube.Control.Store;

/// <summary>
/// Which Events of one store shard to delete, and when: upstream's API server keeps an Event for <c>--event-ttl</c>
/// (1 h) after it was last written; here it is kept that long after its last timestamp, and a shard holds at most
/// <see cref="Capacity"/> Events, the oldest going first. Deletions come in slices of at most <see cref="MaxPerTurn"/>
/// so a shard that falls behind (a long pause, a reload) never spends one long turn catching up. The table of followed
/// Events gives its room back as they go (a hash table otherwise keeps its peak size): a burst of Events followed by
/// their expiry leaves a shard as small as before it.
/// </summary>
public sealed class EventRetention
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    public const int DefaultCapacity = 2_000;

    public const int DefaultMaxPerTurn = 1_000;

    // Ordered by expiry, then name: the first entry is both the next to expire and the oldest.
    private readonly SortedSet<(DateTimeOffset Expires, string Name)> _byExpiry = new(ExpiryOrder.Instance);
    private readonly Dictionary<string, DateTimeOffset> _expires = new(StringComparer.Ordinal);

    public EventRetention(TimeSpan ttl, int capacity, int maxPerTurn = DefaultMaxPerTurn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerTurn, 1);
        (Ttl, Capacity, MaxPerTurn) = (ttl, capacity, maxPerTurn);
    }

    public TimeSpan Ttl { get; }

    public int Capacity { get; }

    public int MaxPerTurn { get; }

    public int Count => _expires.Count;

    /// <summary>How many Events the table of followed Events has room for now; it shrinks once they fall to a quarter of it.</summary>
    public int Room => _expires.EnsureCapacity(0);

    /// <summary>When an Event was last seen: its last timestamp, else its first, else its creation.</summary>
    public static DateTimeOffset LastSeen(Event ev) =>
        ev.LastTimestamp ?? ev.FirstTimestamp ?? ev.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue;

    /// <summary>Follows a stored Event (again, when it was written anew).</summary>
    public void Track(Event ev)
    {
        var name = ev.Metadata.Name!;
        Forget(name);
        var expires = ExpiryOf(ev);
        _expires[name] = expires;
        _byExpiry.Add((expires, name));
    }

    /// <summary>
    /// Makes room for <paramref name="incoming"/> new Events (not followed yet), so that the shard stays within its
    /// capacity once they are stored: takes the oldest followed Events that would be over it, at most
    /// <see cref="MaxPerTurn"/>, and none that expires after <paramref name="oldestIncoming"/> (the incoming Events go
    /// first then, at the next <see cref="TakeDue"/>). A shard at its cap thus deletes in the turn that adds, one commit
    /// for both, rather than in a turn of its own after every add. The caller deletes them; they are no longer followed.
    /// </summary>
    public List<string>? MakeRoom(int incoming, Event oldestIncoming)
    {
        var over = Math.Min(_expires.Count + incoming - Capacity, MaxPerTurn);
        if (over <= 0)
        {
            return null;
        }

        var limit = ExpiryOf(oldestIncoming);
        var taken = new List<string>(over);
        while (taken.Count < over && _byExpiry.Count > 0 && _byExpiry.Min.Expires <= limit)
        {
            var oldest = _byExpiry.Min;
            _byExpiry.Remove(oldest);
            _expires.Remove(oldest.Name);
            taken.Add(oldest.Name);
        }

        GiveBackRoom();
        return taken.Count == 0 ? null : taken;
    }

    private DateTimeOffset ExpiryOf(Event ev)
    {
        var lastSeen = LastSeen(ev);
        return lastSeen > DateTimeOffset.MaxValue - Ttl ? DateTimeOffset.MaxValue : lastSeen + Ttl;
    }

    /// <summary>Stops following an Event deleted by other means.</summary>
    public void Forget(string name)
    {
        if (_expires.Remove(name, out var expires))
        {
            _byExpiry.Remove((expires, name));
            GiveBackRoom();
        }
    }

    /// <summary>
    /// Takes the next slice to delete (at most <see cref="MaxPerTurn"/>): the oldest while the shard is over its
    /// capacity, then every expired one. The caller deletes them; they are no longer followed.
    /// </summary>
    public List<string> TakeDue(DateTimeOffset now)
    {
        var due = new List<string>();
        while (due.Count < MaxPerTurn && _byExpiry.Count > 0)
        {
            var oldest = _byExpiry.Min;
            if (oldest.Expires > now && _expires.Count <= Capacity)
            {
                break;
            }

            _byExpiry.Remove(oldest);
            _expires.Remove(oldest.Name);
            due.Add(oldest.Name);
        }

        if (due.Count > 0)
        {
            GiveBackRoom();
        }

        return due;
    }

    /// <summary>When <see cref="TakeDue"/> has something next: now while over capacity, else the earliest expiry; null when nothing is followed.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset now) =>
        _byExpiry.Count == 0 ? null
        : _expires.Count > Capacity ? now
        : _byExpiry.Min.Expires;

    // Shrinking at a quarter (to the count) and growing when full (doubling) keep the resizes amortised O(1).
    private void GiveBackRoom()
    {
        if (_expires.Count <= Room / 4 && Room > MinRoom)
        {
            _expires.TrimExcess();
        }
    }

    private const int MinRoom = 16;

    private sealed class ExpiryOrder : IComparer<(DateTimeOffset Expires, string Name)>
    {
        public static readonly ExpiryOrder Instance = new();

        public int Compare((DateTimeOffset Expires, string Name) x, (DateTimeOffset Expires, string Name) y)
        {
            var byTime = x.Expires.CompareTo(y.Expires);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
