namespace OrleansKube.ClusterTests;

/// <summary>A scheduler shard keeps its pods' scheduling latencies only for whoever takes them, not for the life of the cluster.</summary>
public sealed class SchedulerLatencyTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private ISchedulerShardGrain Shard => cluster.Client.GetGrain<ISchedulerShardGrain>(new ShardKey("default-scheduler", 0).ToString());

    private async Task ScheduleAsync(string ns, int count)
    {
        var before = (await Shard.GetStatsAsync()).Scheduled;
        var pods = Enumerable.Range(0, count).Select(_ => Helpers.Pod(ns, cluster.UniqueName("web"))).ToList();
        await cluster.Api.ApplyAsync([.. pods], ApplyMode.Create);
        await cluster.AdvanceUntilAsync(async () => (await Shard.GetStatsAsync()).Scheduled >= before + count, $"{count} more pods scheduled");
    }

    [Fact]
    public async Task TakeLatencies_RecordsOnlyThePodsBoundAfterTheFirstCall()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "latency");

        // Nobody has asked yet: these pods' latencies are not kept.
        await ScheduleAsync(ns, 5);
        Assert.Empty(await Shard.TakeLatenciesAsync());

        await ScheduleAsync(ns, 3);
        var latencies = await Shard.TakeLatenciesAsync();
        Assert.Equal(3, latencies.Count);
        Assert.All(latencies, l => Assert.True(l >= 0, $"latency {l} ms"));
        Assert.Empty(await Shard.TakeLatenciesAsync());
    }
}
