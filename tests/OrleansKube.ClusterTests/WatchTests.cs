using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Store;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.ClusterTests;

/// <summary>Lists and watches through the silo's <see cref="IKubeReader"/>, as the REST front serves them.</summary>
public sealed class WatchTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private IKubeReader Reader => cluster.SiloServices.GetRequiredService<IKubeReader>();

    private static ConfigMap Config(string ns, string name, string value) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Data = new() { ["key"] = value },
    };

    private static long Rv(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next <paramref name="count"/> events of a watch.</summary>
    private static async Task<List<WatchEvent>> TakeAsync(IAsyncEnumerator<WatchEvent> watch, int count)
    {
        var events = new List<WatchEvent>();
        while (events.Count < count)
        {
            // Real time: a watch's events reach its reader on the network's time, not the simulation's.
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), $"the watch ended after {events.Count} of {count} events");
            events.Add(watch.Current);
        }

        return events;
    }

    [Fact]
    public async Task Watch_FromAListsResourceVersion_DeliversEveryLaterWriteOnceInOrder()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "watch");
        var names = Enumerable.Range(0, 48).Select(i => $"cm-{i}").ToList(); // every index shard holds several
        Assert.Equal(IndexKey.ShardCount, names.Select(IndexKey.ShardOf).Distinct().Count());
        await Task.WhenAll(names.Take(32).Select(n => cluster.Api.ApplyAsync([Config(ns, n, "0")], ApplyMode.Create)));
        var list = await Reader.ListAsync(new ListRequest("ConfigMap", ns), TestContext.Current.CancellationToken);
        await using var watch = Reader.WatchAsync(new WatchRequest("ConfigMap", ns, ResourceVersion: list.ResourceVersion), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        // Updates, creates and deletes at once, from many callers, over every shard.
        await Task.WhenAll(
            names.Skip(8).Take(24).Select(n => (Task)cluster.Api.ApplyAsync([Config(ns, n, "1")], ApplyMode.Apply))
                .Concat(names.Skip(32).Select(n => (Task)cluster.Api.ApplyAsync([Config(ns, n, "0")], ApplyMode.Create)))
                .Concat(names.Take(8).Select(n => (Task)cluster.Api.DeleteAsync("configmaps", ns, n))));
        var events = await TakeAsync(watch, 24 + 16 + 8);

        Assert.Equal(32, list.Items.Count);
        var rvs = events.Select(e => Rv(e.ResourceVersion)).ToList();
        Assert.True(rvs[0] > Rv(list.ResourceVersion), "only writes after the list");
        Assert.Equal(rvs.Order(), rvs);
        Assert.Equal(rvs.Count, rvs.Distinct().Count());
        Assert.Equal(rvs, events.Select(e => Rv(e.Object!.Metadata.ResourceVersion!)));
        Assert.Equal(names.Skip(32).Order(), events.Where(e => e.Type == WatchEventType.Added).Select(e => e.Object!.Metadata.Name!).Order());
        Assert.Equal(names.Take(8).Order(), events.Where(e => e.Type == WatchEventType.Deleted).Select(e => e.Object!.Metadata.Name!).Order());
        Assert.Equal(names.Skip(8).Take(24).Order(), events.Where(e => e.Type == WatchEventType.Modified).Select(e => e.Object!.Metadata.Name!).Order());
    }

    [Fact]
    public async Task Watch_FromAResourceVersionOlderThanTheWindow_IsExpired()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "expired");
        await cluster.Api.ApplyAsync([Config(ns, "a", "0")], ApplyMode.Create);
        var old = (await Reader.ListAsync(new ListRequest("ConfigMap", ns), TestContext.Current.CancellationToken)).ResourceVersion;
        await cluster.Api.ApplyAsync([Config(ns, "a", "1")], ApplyMode.Apply);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(6)); // past the window's retention

        await using var watch = Reader.WatchAsync(new WatchRequest("ConfigMap", ns, ResourceVersion: old), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var expired = await Assert.ThrowsAsync<ApiException>(async () => await watch.MoveNextAsync());

        Assert.Equal(ApiErrorReason.Expired, expired.Reason);
        Assert.StartsWith($"too old resource version: {old} (", expired.Message);
    }

    [Fact]
    public async Task Watch_FromAResourceVersionNotYetReached_IsATimeoutNamingIt()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "future");
        await cluster.Api.ApplyAsync([Config(ns, "a", "0")], ApplyMode.Create);
        var current = Rv((await Reader.ListAsync(new ListRequest("ConfigMap", ns), TestContext.Current.CancellationToken)).ResourceVersion);

        await using var watch = Reader.WatchAsync(new WatchRequest("ConfigMap", ns, ResourceVersion: $"{current + 1000}"), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var tooLarge = await Assert.ThrowsAsync<ApiException>(async () => await watch.MoveNextAsync());

        Assert.Equal((ApiErrorReason.Timeout, $"Too large resource version: {current + 1000}, current: {current}"), (tooLarge.Reason, tooLarge.Message));
    }

    [Fact]
    public async Task Watch_FromResourceVersionZero_StartsWithSyntheticAddedThenLiveEvents()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "zero");
        await cluster.Api.ApplyAsync([Config(ns, "a", "0"), Config(ns, "b", "0")], ApplyMode.Create);

        await using var watch = Reader.WatchAsync(new WatchRequest("ConfigMap", ns, ResourceVersion: "0"), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var initial = await TakeAsync(watch, 2);
        await cluster.Api.ApplyAsync([Config(ns, "b", "1")], ApplyMode.Apply);
        var live = await TakeAsync(watch, 1);

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b")], initial.Select(e => (e.Type, e.Object!.Metadata.Name!)));
        Assert.Equal((WatchEventType.Modified, "b", "1"), (live[0].Type, live[0].Object!.Metadata.Name!, ((ConfigMap)live[0].Object!).Data!["key"]));
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsTheInitialEventsWithABookmark()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "watchlist");
        await cluster.Api.ApplyAsync([Config(ns, "a", "0")], ApplyMode.Create);

        await using var watch = Reader.WatchAsync(new WatchRequest("ConfigMap", ns, ResourceVersionMatch: "NotOlderThan", AllowWatchBookmarks: true, SendInitialEvents: true), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var events = await TakeAsync(watch, 2);

        Assert.Equal((WatchEventType.Added, "a"), (events[0].Type, events[0].Object!.Metadata.Name!));
        Assert.Equal((WatchEventType.Bookmark, true), (events[1].Type, events[1].InitialEventsEnd));
        Assert.True(Rv(events[1].ResourceVersion) >= Rv(events[0].ResourceVersion));
    }

    [Fact]
    public async Task Watch_SchedulerNameAndEmptyNodeName_AddsPendingPodsAndDeletesThemOnceBound()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "custom-scheduler");
        var pod = Helpers.Pod(ns, "mine");
        pod.Spec.SchedulerName = "my-scheduler";
        await cluster.Api.ApplyAsync([pod, Helpers.Pod(ns, "default")], ApplyMode.Create);
        var node = (await cluster.Api.ListAsync(new ListQuery("nodes", null)))[0].Metadata.Name!;

        await using var watch = Reader.WatchAsync(new WatchRequest("pods", null, FieldSelector: "spec.schedulerName=my-scheduler,spec.nodeName="), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var pending = await TakeAsync(watch, 1);
        await cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, "mine").ToString()).BindAsync(node, "my-scheduler");
        var bound = await TakeAsync(watch, 1);

        Assert.Equal((WatchEventType.Added, "mine"), (pending[0].Type, pending[0].Object!.Metadata.Name!));
        Assert.Equal((WatchEventType.Deleted, "mine"), (bound[0].Type, bound[0].Object!.Metadata.Name!));
        Assert.Null(((Pod)bound[0].Object!).Spec.NodeName); // the state it left in, stamped with the bind's resourceVersion
        Assert.Equal(bound[0].ResourceVersion, bound[0].Object!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task List_InPages_ReturnsEveryObjectOnceFromOneSnapshot()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "paged");
        await cluster.Api.ApplyAsync([.. Enumerable.Range(0, 25).Select(i => Config(ns, $"cm-{i:D2}", "0"))], ApplyMode.Create);

        var first = await Reader.ListAsync(new ListRequest("configmaps", ns, Limit: 10), TestContext.Current.CancellationToken);
        await cluster.Api.DeleteAsync("configmaps", ns, "cm-15");
        var second = await Reader.ListAsync(new ListRequest("configmaps", ns, Limit: 10, Continue: first.Continue), TestContext.Current.CancellationToken);
        var third = await Reader.ListAsync(new ListRequest("configmaps", ns, Limit: 10, Continue: second.Continue), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"cm-{i:D2}"), first.Items.Concat(second.Items).Concat(third.Items).Select(o => o.Metadata.Name!));
        Assert.Equal((15L, 5L), (first.RemainingItemCount!.Value, second.RemainingItemCount!.Value));
        Assert.Equal((first.ResourceVersion, null), (third.ResourceVersion, third.Continue));
    }
}
