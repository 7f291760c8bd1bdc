using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions.Watching;

/// <summary>
/// The watch cache of one kind (key: the kind, e.g. <c>Pod</c>): every stored change of the kind commits here and
/// gets the kind's next resourceVersion, which the writer stamps on what it stores. It holds every object of the kind
/// and a window of recent changes, and serves lists and watches from them.
/// </summary>
[Alias("OrleansKube.IWatchCacheGrain")]
public interface IWatchCacheGrain : IGrainWithStringKey
{
    /// <summary>
    /// An object stored (created or changed); returns it as committed, stamped with its resourceVersion: the copy the
    /// cache keeps, which the writer stores too (within a silo both hold one object, not two).
    /// </summary>
    [Alias("Commit")]
    Task<Immutable<KubeObject>> CommitAsync(Immutable<KubeObject> obj);

    /// <summary>
    /// An object grain's write: committed as by <see cref="CommitAsync"/>, then handed to the object's index shard, which
    /// lives with this cache (shards start on their first caller's silo, and this cache calls them first), so a writer on
    /// another silo sends one call, not two, and gets a resourceVersion back rather than the object. Interleaves: the commit is done before the shard is
    /// called, and commits go on while shards answer (commit order is still the turns' order).
    /// </summary>
    [AlwaysInterleave]
    [Alias("CommitIndexed")]
    Task<Committed> CommitIndexedAsync(Immutable<KubeObject> obj);

    /// <summary>
    /// Objects of the kind stored together (a component's events of one moment); returns them as committed, in the
    /// list's order, with consecutive resourceVersions.
    /// </summary>
    [Alias("CommitBatch")]
    Task<Immutable<List<KubeObject>>> CommitBatchAsync(Immutable<List<KubeObject>> objects);

    /// <summary>
    /// Objects of the kind removed and others stored in one commit (an Events shard at its cap deleting its oldest to
    /// store new ones); returns the stored ones as committed, in the list's order, with consecutive resourceVersions after
    /// the removals'.
    /// </summary>
    [Alias("CommitReplacing")]
    Task<Immutable<List<KubeObject>>> CommitReplacingAsync(Immutable<List<KubeObject>> removed, Immutable<List<KubeObject>> objects);

    /// <summary>An object removed (its last state); returns the deletion's resourceVersion.</summary>
    [Alias("CommitRemoval")]
    Task<long> CommitRemovalAsync(Immutable<KubeObject> last);

    /// <summary>Many objects of the kind removed at once (expired Events).</summary>
    [Alias("CommitRemovals")]
    Task CommitRemovalsAsync(Immutable<List<KubeObject>> removed);

    /// <summary>A page of a list at a resourceVersion (the current one when not given).</summary>
    [AlwaysInterleave]
    [Alias("List")]
    Task<CachePage> ListAsync(CacheQuery query);

    /// <summary>
    /// A controller's informer view, now: the objects of <paramref name="ns"/> controlled by <paramref name="controllerUid"/>
    /// and the orphans there <paramref name="labelSelector"/> selects (see <c>KindCache.ListControlled</c>).
    /// </summary>
    [AlwaysInterleave]
    [Alias("ListControlled")]
    Task<Immutable<List<KubeObject>>> ListControlledAsync(string ns, string controllerUid, string labelSelector);

    /// <summary>How many objects match the query's namespace and selectors now (its paging fields are ignored).</summary>
    [AlwaysInterleave]
    [Alias("Count")]
    Task<int> CountAsync(CacheQuery query);

    /// <summary>
    /// The changes after <paramref name="after"/>, at most <paramref name="max"/>; when there are none yet, waits up to
    /// <paramref name="maxWait"/> (real time) for one. A long poll: it holds no turn while it waits. A partition is first
    /// raised to <paramref name="floor"/> (0: not), so a reader of several can bring them to one resourceVersion.
    /// </summary>
    [AlwaysInterleave]
    [Alias("Read")]
    Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait, long floor);

    /// <summary>This cache's resourceVersion, once raised to <paramref name="floor"/> (see <see cref="ReadAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("Clock")]
    Task<long> ClockAsync(long floor);

    /// <summary>Drops changes past the window's retention (the cache's timer on the simulation clock).</summary>
    [OneWay]
    [Alias("Trim")]
    Task TrimAsync();
}
