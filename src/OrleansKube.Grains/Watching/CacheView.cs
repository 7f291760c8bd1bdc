using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Grains.Watching;

/// <summary>
/// What a reader asks of a kind's watch cache: the one cache that holds what it reads (<see cref="Of"/>), or, for a kind
/// split into partitions read across namespaces, every partition merged into one (<see cref="MergedCacheView"/>).
/// </summary>
public interface ICacheView
{
    Task<CachePage> ListAsync(CacheQuery query);

    Task<int> CountAsync(CacheQuery query);

    /// <summary>As <see cref="IWatchCacheGrain.ReadAsync"/>: the changes after <paramref name="after"/> in resourceVersion order.</summary>
    Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait);

    static ICacheView Of(IWatchCacheGrain cache) => new SingleCacheView(cache);
}

internal sealed class SingleCacheView(IWatchCacheGrain cache) : ICacheView
{
    public Task<CachePage> ListAsync(CacheQuery query) => cache.ListAsync(query);

    public Task<int> CountAsync(CacheQuery query) => cache.CountAsync(query);

    public Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait) => cache.ReadAsync(after, max, maxWait, 0);
}

/// <summary>
/// One partition of a partitioned kind (a namespace's reads). A resourceVersion from elsewhere (another namespace's list,
/// an object of another partition) may be beyond this partition's: it is raised to it when some partition has reached
/// it (the resourceVersion was issued), so a watch or list from it is served as a single cache would serve it; one that
/// no partition has reached is too large, as upstream's.
/// </summary>
public sealed class PartitionCacheView(IWatchCacheGrain partition, IReadOnlyList<IWatchCacheGrain> all) : ICacheView
{
    public Task<int> CountAsync(CacheQuery query) => partition.CountAsync(query);

    public async Task<CachePage> ListAsync(CacheQuery query)
    {
        var page = await partition.ListAsync(query);
        return page.Refusal == ListRefusal.TooLarge && (query.ContinueAt ?? query.At) is { } at && await IssuedAsync(at)
            ? await partition.ListAsync(query with { Floor = at })
            : page;
    }

    public async Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait)
    {
        var read = await partition.ReadAsync(after, max, TimeSpan.Zero, 0);
        if (read.Changes.Length > 0 || read.ExpiredBefore is not null || read.Closing)
        {
            return read;
        }

        var floor = read.ResourceVersion < after && await IssuedAsync(after) ? after : 0;
        return maxWait > TimeSpan.Zero || floor > 0 ? await partition.ReadAsync(after, max, maxWait, floor) : read;
    }

    private async Task<bool> IssuedAsync(long rv) => await MergedCacheView.FurthestAsync(all) >= rv;
}

/// <summary>
/// A namespaced kind's partitions (<see cref="CacheKey"/>) read as one cache. Each partition issues its own resourceVersions
/// (never the same as another's) and can be raised to any resourceVersion (<see cref="IWatchCacheGrain.ClockAsync"/>): a
/// read raises the partitions behind the furthest one to it, so every partition has passed one resourceVersion and the
/// changes up to it, merged in order, are all there are (a watch from it misses none). A list takes its snapshot at the
/// furthest partition's resourceVersion, raises the others to it, and merges their pages by key; its continue token names
/// that snapshot, as a single cache's does. remainingItemCount is left out (upstream may omit it).
/// </summary>
public sealed class MergedCacheView(IReadOnlyList<IWatchCacheGrain> partitions) : ICacheView
{
    public async Task<int> CountAsync(CacheQuery query) => (await Task.WhenAll(partitions.Select(p => p.CountAsync(query)))).Sum();

    public async Task<CachePage> ListAsync(CacheQuery query)
    {
        var current = await FurthestAsync(partitions);
        var at = query.ContinueAt ?? query.At ?? current;
        if (at > current)
        {
            return new CachePage([], current, null, null, ListRefusal.TooLarge, ResourceVersions.TooLarge(at, current));
        }

        var asked = query with { At = query.ContinueAt is null ? at : null, ContinueReturned = 0, Floor = at };
        var pages = await Task.WhenAll(partitions.Select(p => p.ListAsync(asked)));
        if (pages.FirstOrDefault(p => p.Refusal != ListRefusal.None) is { } refused)
        {
            return refused;
        }

        var all = pages.SelectMany(p => p.Items).ToList();
        all.Sort(ObjectOrder.Compare);
        var limit = query.Limit is > 0 ? (int)Math.Min(query.Limit.Value, int.MaxValue) : int.MaxValue;
        if (all.Count <= limit && pages.All(p => p.Continue is null))
        {
            return new CachePage(all, at, null, null, ListRefusal.None, null);
        }

        // A partition's page ends where its own limit did: past the last key every partition reached, another may hold
        // keys not yet read. The page stops at the first partition's end (or at the limit), and the next one starts there.
        var end = pages.Where(p => p.Continue is not null).Select(p => p.Items[^1]).Min(KeyOrder);
        var items = all.TakeWhile(o => end is null || ObjectOrder.Compare(o, end) <= 0).Take(limit).ToList();
        var last = items[^1];
        var next = new ContinueToken(at, last.Metadata.Namespace ?? "", last.Metadata.Name ?? "", query.ContinueReturned + items.Count);
        return new CachePage(items, at, next.Encode(), null, ListRefusal.None, null);
    }

    public async Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait)
    {
        // No partition is raised to the position itself: it may be a client's number, beyond anything issued (a watch
        // from it waits for it, then 504, as upstream). One that was issued is at or below the furthest partition.
        var reads = await Task.WhenAll(partitions.Select(p => p.ReadAsync(after, max, TimeSpan.Zero, 0)));
        if (reads.All(r => r.Changes.Length == 0 && r.ExpiredBefore is null && !r.Closing) && maxWait > TimeSpan.Zero)
        {
            // Nothing yet: wait for the first partition with a change (the other polls end on their own), then read all.
            await Task.WhenAny(partitions.Select(p => p.ReadAsync(after, 0, maxWait, 0)));
            reads = await Task.WhenAll(partitions.Select(p => p.ReadAsync(after, max, TimeSpan.Zero, 0)));
        }

        if (reads.Any(r => r.ExpiredBefore is not null))
        {
            return new CacheRead([], reads.Max(r => r.ResourceVersion), reads.Max(r => r.ExpiredBefore));
        }

        // The partitions behind the furthest are raised to it and read on from where they were, so they all reach it.
        var furthest = reads.Max(r => r.ResourceVersion);
        var changes = new List<CacheChange>(reads.Sum(r => r.Changes.Length));
        var upTo = long.MaxValue;
        var closing = false;
        var more = await Task.WhenAll(reads.Select(async (read, i) => read.ResourceVersion < furthest && (max == 0 || read.Changes.Length < max)
            ? await partitions[i].ReadAsync(read.ResourceVersion, max, TimeSpan.Zero, furthest)
            : null));
        for (var i = 0; i < reads.Length; i++)
        {
            var reached = reads[i].ResourceVersion;
            changes.AddRange(reads[i].Changes);
            closing |= reads[i].Closing;
            if (more[i] is { } then)
            {
                changes.AddRange(then.Changes);
                reached = then.ExpiredBefore is null ? then.ResourceVersion : reached;
                closing |= then.Closing;
            }

            upTo = Math.Min(upTo, reached);
        }

        changes.RemoveAll(c => c.ResourceVersion > upTo);
        changes.Sort(static (a, b) => a.ResourceVersion.CompareTo(b.ResourceVersion));
        if (max > 0 && changes.Count > max)
        {
            changes.RemoveRange(max, changes.Count - max);
            upTo = changes[^1].ResourceVersion;
        }
        else if (max == 0)
        {
            changes.Clear();
        }

        return new CacheRead([.. changes], upTo, null, closing);
    }

    /// <summary>The highest resourceVersion any of <paramref name="partitions"/> has reached (none is raised).</summary>
    internal static async Task<long> FurthestAsync(IEnumerable<IWatchCacheGrain> partitions) =>
        (await Task.WhenAll(partitions.Select(p => p.ClockAsync(0)))).Max();

    private static readonly Comparer<KubeObject> KeyOrder = Comparer<KubeObject>.Create(ObjectOrder.Compare);
}
