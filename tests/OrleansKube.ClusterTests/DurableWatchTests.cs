using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansKube.Control.Store;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Two silos in durable mode: the silo holding a kind's watch cache dies. The cache comes back on the survivor from the
/// index shards, with resourceVersions above every one issued before, and a new window (older watches get 410).
/// </summary>
public sealed class DurableWatchTests : IAsyncLifetime
{
    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public DurableWatchTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("durable-watch", 2);

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(_simulation, Profile, silos: 2, responseTimeout: TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    private static ConfigMap Config(string name, string value) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Data = new() { ["key"] = value },
    };

    private IKubeReader Reader() => ((InProcessSiloHandle)_cluster!.Silos.First(s => s.IsActive)).SiloHost.Services.GetRequiredService<IKubeReader>();

    private static long Rv(KubeObject? obj) => long.Parse(obj!.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task SiloHoldingAWatchCacheKilled_ResourceVersionsKeepIncreasing_TheCacheIsRebuilt_AndOlderWatchesExpire()
    {
        // The highest resourceVersion issued is a deletion's: no stored object carries it.
        await Api.ApplyAsync([Config("a", "0"), Config("z", "0")], ApplyMode.Create);
        await Api.DeleteAsync("configmaps", "default", "z");
        var before = long.Parse((await Reader().ListAsync(new ListRequest("configmaps", "default"), TestContext.Current.CancellationToken)).ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(before > Rv(await Api.GetAsync("configmaps", "default", "a")));
        var cacheSilo = await _cluster!.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(_cluster.Client.GetGrain<IWatchCacheGrain>("ConfigMap"), TestContext.Current.CancellationToken);
        var dead = _cluster.Silos.Single(s => s.SiloAddress.Equals(cacheSilo));

        await _cluster.KillSiloAsync(dead, TestContext.Current.CancellationToken);
        await Failover.ForgetDeadSiloAsync(_cluster, dead, _simulation);
        await Failover.RetriedAsync<List<ApplyOutcome>>(async () => await Api.ApplyAsync([Config("b", "0")], ApplyMode.Create));
        await Failover.RetriedAsync<List<ApplyOutcome>>(async () => await Api.ApplyAsync([Config("a", "1")], ApplyMode.Apply));
        var after = Rv(await Api.GetAsync("configmaps", "default", "a"));

        var reader = Reader();
        var list = await reader.ListAsync(new ListRequest("configmaps", "default"), TestContext.Current.CancellationToken);
        await using var watch = reader.WatchAsync(new WatchRequest("configmaps", "default", ResourceVersion: before.ToString(System.Globalization.CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken)
            .GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var expired = await Assert.ThrowsAsync<ApiException>(async () => await watch.MoveNextAsync());

        Assert.True(after > before, $"resourceVersion {after} after the cache's silo died, {before} before");
        Assert.Equal(["a", "b"], list.Items.Select(o => o.Metadata.Name));
        Assert.Equal(ApiErrorReason.Expired, expired.Reason);
    }

    [Fact]
    public async Task AWriteCommittedButNeverStored_IsRemovedFromListsWhenItsObjectIsAskedFor()
    {
        // What a writer whose silo died between the commit and the store leaves: the cache and the index shard hold a
        // ConfigMap that Redis does not.
        var unstored = Config("unstored", "0");
        unstored.ApiVersion = "v1";
        unstored.Kind = "ConfigMap";
        unstored.Metadata.Uid = Guid.NewGuid().ToString();
        unstored.Metadata.CreationTimestamp = _simulation.Now;
        await _cluster!.Client.GetGrain<IWatchCacheGrain>("ConfigMap").CommitIndexedAsync(new Orleans.Concurrency.Immutable<KubeObject>(unstored));
        Assert.Contains("unstored", (await Api.ListAsync(new ListQuery("configmaps", "default"))).Select(o => o.Metadata.Name));

        var missing = await Assert.ThrowsAsync<ApiException>(async () => await Api.DeleteAsync("configmaps", "default", "unstored"));

        Assert.Equal(ApiErrorReason.NotFound, missing.Reason);
        Assert.DoesNotContain("unstored", (await Api.ListAsync(new ListQuery("configmaps", "default"))).Select(o => o.Metadata.Name));
        var shard = _cluster.Client.GetGrain<IObjectIndexGrain>(IndexKey.Of(new ObjectKey("ConfigMap", "default", "unstored")).ToString());
        Assert.Null(await shard.GetResidentAsync("unstored"));
    }
}
