using OrleansKube.Control.Store;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>A silo whose Event shards keep at most five Events each (the default is 2,000).</summary>
public sealed class SmallEventCapFixture : ClusterFixture
{
    public const int EventsPerShard = 5; // a pod's four events share a shard (with another event, as in the TTL test)

    protected override void Configure(OrleansKubeOptions options) => options.EventsPerShard = EventsPerShard;
}

public sealed class EventExpiryTests(SmallEventCapFixture cluster) : IClassFixture<SmallEventCapFixture>
{
    private static Event Event(string ns, string name, DateTimeOffset last) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        InvolvedObject = new ObjectReference { Kind = "Pod", Namespace = ns, Name = "subject" },
        Reason = "Tested",
        Message = name,
        Type = "Normal",
        FirstTimestamp = last,
        LastTimestamp = last,
        Count = 1,
    };

    private async Task<List<string>> EventNamesAsync(string ns) =>
        [.. (await cluster.Api.ListAsync(new ListQuery("Event", ns))).Select(e => e.Metadata.Name!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Events_AnHourAfterTheirLastTimestamp_AreDeleted()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "ttl");
        var pod = cluster.UniqueName("web");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, pod)], ApplyMode.Create);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, pod)).Status?.Phase == PodPhase.Running, $"pod {ns}/{pod} runs");
        var podEvents = await Helpers.SettledEventsAsync(cluster, ns, pod, events => events.Count > 1);
        var first = podEvents.Min(e => e.LastTimestamp!.Value);
        var last = podEvents.Max(e => e.LastTimestamp!.Value);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        await cluster.Api.ApplyAsync([Event(ns, "later", ObjectLifecycle.TruncateToSeconds(cluster.Simulation.Now))], ApplyMode.Create);

        await cluster.AdvanceAsync(first + TimeSpan.FromHours(1) - cluster.Simulation.Now - TimeSpan.FromSeconds(1));
        Assert.Equal(podEvents.Count, (await Helpers.EventsForAsync(cluster, ns, pod)).Count);

        await cluster.AdvanceAsync(last + TimeSpan.FromHours(1) - cluster.Simulation.Now);
        Assert.Empty(await Helpers.EventsForAsync(cluster, ns, pod));
        Assert.Equal(["later"], await EventNamesAsync(ns));

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Empty(await EventNamesAsync(ns));
    }

    [Fact]
    public async Task Events_OverTheShardCap_KeepTheNewestOfEachShard()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "cap");
        var now = ObjectLifecycle.TruncateToSeconds(cluster.Simulation.Now);
        var written = Enumerable.Range(0, 64).Select(i => (Name: $"ev-{i:D2}", Last: now - TimeSpan.FromSeconds(64 - i))).ToList();
        foreach (var (name, last) in written)
        {
            await cluster.Api.ApplyAsync([Event(ns, name, last)], ApplyMode.Create);
        }

        var expected = written
            .GroupBy(e => IndexKey.ShardOf(e.Name))
            .SelectMany(shard => shard.OrderByDescending(e => e.Last).Take(SmallEventCapFixture.EventsPerShard))
            .Select(e => e.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        await cluster.HoldsAsync(async () => (await EventNamesAsync(ns)).SequenceEqual(expected), $"each shard keeps its newest {SmallEventCapFixture.EventsPerShard} events");
    }
}
