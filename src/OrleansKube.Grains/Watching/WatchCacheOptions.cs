namespace OrleansKube.Grains.Watching;

/// <summary>How much history each kind's watch cache keeps, and how watches are served.</summary>
public sealed class WatchCacheOptions
{
    /// <summary>
    /// How many watch caches each namespaced kind has (<see cref="Abstractions.CacheKey"/>): a namespace's objects commit to
    /// the one its name hashes to, and each is placed on its own slot's silo, with the controllers of its namespaces and
    /// so their pods (<see cref="Scheduling.ShardSlots"/>). One (the default) keeps one cache per kind. Every silo of a
    /// cluster must have the same number. Lists and watches across namespaces read every partition and merge them.
    /// </summary>
    public int Partitions { get; set; } = 1;

    /// <summary>The most changes a kind's window keeps (upstream's watch cache grows to 100,000 at most).</summary>
    public int Capacity { get; set; } = 20_000;

    /// <summary>
    /// The most changes a kind's window keeps while nobody reads the kind (no list or watch read for a whole
    /// <see cref="Retention"/>, no watch waiting): a burst nobody watches (Events expiring by the thousand) then keeps
    /// no deleted states for the retention. Upstream's cache shrinks to 100 at least.
    /// </summary>
    public int IdleCapacity { get; set; } = 1_000;

    /// <summary>How long (simulated time) a change stays in the window; a watch from before it gets 410 and relists.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many resourceVersions a durable cache reserves per write of its high-water mark.</summary>
    public long ReservationBlock { get; set; } = 10_000;

    /// <summary>How long a watch's read waits for a change before it looks again (real time, below Orleans' response timeout).</summary>
    public TimeSpan LongPoll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a read that found changes, how long a watch waits before it reads again (real time), so that under a steady
    /// stream of changes it sends a batch per window instead of a few changes per send; a quiet watch still gets its
    /// first change at once. Each read and each send to the client costs about the same whatever it carries.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often an idle watch that allows bookmarks gets one (real time; upstream: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a read from a resourceVersion the cache has not reached waits before 504 (upstream: 3 s).</summary>
    public TimeSpan TooLargeWait { get; set; } = TimeSpan.FromSeconds(3);
}
