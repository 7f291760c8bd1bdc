using Orleans.Concurrency;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Watching;

namespace OrleansKube.Tests.Watching;

/// <summary>A namespaced kind's watch cache in three partitions read as one (<see cref="MergedCacheView"/>).</summary>
public class MergedCacheViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private const int Partitions = 3;

    private readonly Partition[] _partitions = [.. Enumerable.Range(0, Partitions).Select(p => new Partition(p))];

    private MergedCacheView View => new(_partitions);

    private Change Commit(string ns, string name, string? node = null) =>
        _partitions[CacheKey.PartitionOf(ns, Partitions)].Cache.Commit(
            new Pod { Metadata = new ObjectMeta { Name = name, Namespace = ns }, Spec = new PodSpec { NodeName = node } }, T0);

    private static readonly string[] Namespaces = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];

    [Fact]
    public void Namespaces_SpreadOverThePartitions()
    {
        Assert.Equal(Partitions, Namespaces.Select(ns => CacheKey.PartitionOf(ns, Partitions)).Distinct().Count());
    }

    [Fact]
    public async Task List_PagedAcrossPartitions_ReturnsEveryObjectOnceInKeyOrder_FromOneSnapshot()
    {
        foreach (var ns in Namespaces)
        {
            Commit(ns, "a");
            Commit(ns, "b");
        }

        var seen = new List<string>();
        var snapshots = new HashSet<long>();
        CachePage? page = null;
        do
        {
            var token = page?.Continue is { } next ? ContinueToken.Decode(next).Token : null;
            page = await View.ListAsync(new CacheQuery(null, null, null, 5, null, token?.ResourceVersion, token?.Namespace, token?.Name, token?.Returned ?? 0));
            Assert.Equal(ListRefusal.None, page.Refusal);
            seen.AddRange(page.Items.Select(o => $"{o.Metadata.Namespace}/{o.Metadata.Name}"));
            snapshots.Add(page.ResourceVersion);

            // Written between pages, after the keys read so far: not in this list (its snapshot is the first page's).
            Commit("zeta", $"late-{seen.Count}");
            Commit("zeta", "b", "node-1");
        }
        while (page.Continue is not null);

        Assert.Equal(Namespaces.Order(StringComparer.Ordinal).SelectMany(ns => new[] { $"{ns}/a", $"{ns}/b" }), seen);
        Assert.Single(snapshots);
        var now = await View.ListAsync(new CacheQuery("zeta", null, null, null, null));
        Assert.Equal(["a", "b", "late-10", "late-12", "late-5"], now.Items.Select(o => o.Metadata.Name));
    }

    [Fact]
    public async Task Read_FromAListsResourceVersion_GetsEveryLaterChangeOnce_InResourceVersionOrder()
    {
        Commit("alpha", "a");
        Commit("beta", "a");
        var list = await View.ListAsync(new CacheQuery(null, null, null, null, null));

        // Busy partitions and an idle one: the idle one's next write must still come after what the reads handed out.
        var written = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(Commit("alpha", $"x{i}").ResourceVersion);
            written.Add(Commit("gamma", $"x{i}").ResourceVersion);
        }

        var first = await View.ReadAsync(list.ResourceVersion, 1_000, TimeSpan.Zero);
        var idle = _partitions.Single(p => p.Index != CacheKey.PartitionOf("alpha", Partitions) && p.Index != CacheKey.PartitionOf("gamma", Partitions));
        var afterwards = Commit(Namespaces.First(ns => CacheKey.PartitionOf(ns, Partitions) == idle.Index), "late");
        var second = await View.ReadAsync(first.ResourceVersion, 1_000, TimeSpan.Zero);

        Assert.Equal(written.Order(), first.Changes.Select(c => c.ResourceVersion));
        Assert.True(afterwards.ResourceVersion > first.ResourceVersion, $"{afterwards.ResourceVersion} after {first.ResourceVersion}");
        Assert.Equal([afterwards.ResourceVersion], second.Changes.Select(c => c.ResourceVersion));
        Assert.Equal(10, written.Distinct().Count()); // no two partitions issue the same one
    }

    [Fact]
    public async Task Read_CutShortAtMax_ResumesWhereItStopped()
    {
        var start = (await View.ListAsync(new CacheQuery(null, null, null, null, null))).ResourceVersion;
        foreach (var ns in Namespaces)
        {
            Commit(ns, "a");
        }

        var first = await View.ReadAsync(start, 4, TimeSpan.Zero);
        var rest = await View.ReadAsync(first.ResourceVersion, 4, TimeSpan.Zero);
        var all = first.Changes.Concat(rest.Changes).ToList();

        Assert.Equal(4, first.Changes.Length);
        Assert.Equal(first.Changes[^1].ResourceVersion, first.ResourceVersion);
        Assert.Equal(Namespaces.Order(StringComparer.Ordinal), all.Select(c => c.Object.Metadata.Namespace!).Order(StringComparer.Ordinal));
        Assert.Equal(all.Select(c => c.ResourceVersion).Order(), all.Select(c => c.ResourceVersion)); // in order, none twice
        Assert.Equal(6, all.Select(c => c.ResourceVersion).Distinct().Count());
    }

    [Fact]
    public async Task OneNamespace_FromAResourceVersionIssuedInAnotherPartition_IsServed_ANeverIssuedOneIsTooLarge()
    {
        var busy = Namespaces.First(ns => CacheKey.PartitionOf(ns, Partitions) == 0);
        var quiet = Namespaces.First(ns => CacheKey.PartitionOf(ns, Partitions) == 1);
        var view = new PartitionCacheView(_partitions[1], _partitions);
        Commit(quiet, "a");
        var issued = Enumerable.Range(0, 5).Select(i => Commit(busy, $"x{i}").ResourceVersion).Max();

        var list = await view.ListAsync(new CacheQuery(quiet, null, null, null, At: issued));
        var read = await view.ReadAsync(issued, 100, TimeSpan.Zero);
        var later = Commit(quiet, "b");
        var tooLarge = await view.ListAsync(new CacheQuery(quiet, null, null, null, At: issued + 1_000));

        Assert.Equal((ListRefusal.None, issued), (list.Refusal, list.ResourceVersion));
        Assert.Equal(["a"], list.Items.Select(o => o.Metadata.Name));
        Assert.True(read.ResourceVersion >= issued);
        Assert.True(later.ResourceVersion > issued); // a watch from the issued one gets it
        Assert.Equal(ListRefusal.TooLarge, tooLarge.Refusal);
    }

    [Fact]
    public async Task Count_AddsThePartitions()
    {
        foreach (var ns in Namespaces)
        {
            Commit(ns, "a", ns == "beta" ? "node-1" : null);
        }

        Assert.Equal(6, await View.CountAsync(new CacheQuery(null, null, null, null, null)));
        Assert.Equal(1, await View.CountAsync(new CacheQuery(null, null, "spec.nodeName=node-1", null, null)));
    }

    /// <summary>A partition as the grain serves it (<see cref="CacheAnswers"/> over its <see cref="KindCache"/>), raised to a floor before each read, without waits.</summary>
    private sealed class Partition(int index) : IWatchCacheGrain
    {
        public int Index => index;

        public KindCache Cache { get; } = new([], 0, 1_000, TimeSpan.FromMinutes(5), partitions: Partitions, partition: index);

        public Task<long> ClockAsync(long floor)
        {
            Cache.Advance(floor);
            return Task.FromResult(Cache.ResourceVersion);
        }

        public Task<CachePage> ListAsync(CacheQuery query)
        {
            Cache.Advance(query.Floor);
            return Task.FromResult(CacheAnswers.List(Cache, query, CacheAnswers.FilterOf(query)));
        }

        public Task<int> CountAsync(CacheQuery query) =>
            Task.FromResult(Cache.CountMatching(CacheAnswers.FilterOf(query)));

        public Task<CacheRead> ReadAsync(long after, int max, TimeSpan maxWait, long floor)
        {
            Cache.Advance(floor);
            return Task.FromResult(CacheAnswers.Read(Cache, after, max));
        }

        public Task<Immutable<KubeObject>> CommitAsync(Immutable<KubeObject> obj) => throw new NotSupportedException();

        public Task<Committed> CommitIndexedAsync(Immutable<KubeObject> obj) => throw new NotSupportedException();

        public Task<Immutable<List<KubeObject>>> CommitBatchAsync(Immutable<List<KubeObject>> objects) => throw new NotSupportedException();

        public Task<Immutable<List<KubeObject>>> CommitReplacingAsync(Immutable<List<KubeObject>> removed, Immutable<List<KubeObject>> objects) => throw new NotSupportedException();

        public Task<long> CommitRemovalAsync(Immutable<KubeObject> last) => throw new NotSupportedException();

        public Task CommitRemovalsAsync(Immutable<List<KubeObject>> removed) => throw new NotSupportedException();

        public Task<Immutable<List<KubeObject>>> ListControlledAsync(string ns, string controllerUid, string labelSelector) => throw new NotSupportedException();

        public Task TrimAsync() => throw new NotSupportedException();
    }
}
