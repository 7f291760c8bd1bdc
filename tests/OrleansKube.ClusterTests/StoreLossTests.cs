using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansKube.Control.Store;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Three silos on one fake clock with their objects in a real Redis, whose store fails under them: restarted
/// empty (the cluster's data gone), or paused (no answer for a while). The loss is reported, never answered from
/// the grains' memory, and no second cluster forms on the empty store.
/// </summary>
public sealed class StoreLossTests : IAsyncLifetime
{
    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public StoreLossTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("store-loss", 2);

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    private IEnumerable<IServiceProvider> Silos => _cluster!.Silos.Where(s => s.IsActive).OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services);

    // A paused store fails a request in 1 s.
    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(_simulation, Profile, silos: 3, responseTimeout: TimeSpan.FromSeconds(10), redisOptions: ",asyncTimeout=1000,syncTimeout=1000");

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    [Fact]
    public async Task RedisRestartedEmpty_EverySiloReportsLost_RequestsAreRefused_NobodyLeads_AndANewSiloRefusesToStart()
    {
        await _simulation.HoldsAsync(async () => Silos.Any(s => s.GetRequiredService<ControlPlaneHost>().HeldLeases.Count > 0), () => "a silo leads");
        await Api.ApplyAsync([ConfigMap("cm-0")], ApplyMode.Apply);

        await _redis!.RestartEmptyAsync();

        await _simulation.AdvanceUntilAsync(
            () => Task.FromResult(Silos.All(s => s.GetRequiredService<StoreHealth>().State == StoreState.Lost)),
            () => $"every silo reports the store lost: {string.Join(", ", Silos.Select(s => s.GetRequiredService<StoreHealth>().State))}",
            TimeSpan.FromMinutes(1));

        // Reads and writes alike are refused in one line, not answered from the grains' memory.
        foreach (var request in new Func<Task>[]
        {
            () => Api.GetAsync("ConfigMap", "default", "cm-0"),
            () => Api.ListAsync(new ListQuery("configmaps", "default")),
            () => Api.ApplyAsync([ConfigMap("cm-1")], ApplyMode.Apply),
        })
        {
            var refused = await Assert.ThrowsAsync<ApiException>(request);
            Assert.Equal(ApiErrorReason.ServiceUnavailable, refused.Reason);
            Assert.DoesNotContain('\n', refused.Message);
            Assert.Contains("lost", refused.Message, StringComparison.Ordinal);
        }

        // The leaders step down and nobody takes their place.
        await _simulation.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.All(Silos, s => Assert.Empty(s.GetRequiredService<ControlPlaneHost>().HeldLeases));

        // A new silo on the emptied store would form a second cluster: it refuses to start.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _cluster!.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        var refusal = Assert.IsType<StoreRefusedException>(Unwrap(failure));
        Assert.Contains("second cluster", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisPaused_WritesFailWithInternalError_ThenTheStoreRecovers()
    {
        await Api.ApplyAsync([ConfigMap("before")], ApplyMode.Apply);

        _redis!.Pause();
        ApiException failed;
        try
        {
            failed = await Assert.ThrowsAsync<ApiException>(() => Api.ApplyAsync([ConfigMap("during")], ApplyMode.Apply));
        }
        finally
        {
            _redis.Resume();
        }

        Assert.Equal(ApiErrorReason.InternalError, failed.Reason);
        Assert.DoesNotContain('\n', failed.Message);
        Assert.Contains(Silos, s => s.GetRequiredService<StoreHealth>().State == StoreState.Unreachable);

        // The store answers again: the write goes through, every silo finds it Ok, nothing was lost.
        await Api.ApplyAsync([ConfigMap("during")], ApplyMode.Apply);
        await _simulation.AdvanceAsync(StoreWatch.Interval);
        Assert.All(Silos, s => Assert.Equal(StoreState.Ok, s.GetRequiredService<StoreHealth>().State));
        Assert.NotNull(await Api.GetAsync("ConfigMap", "default", "before"));
        Assert.NotNull(await Api.GetAsync("ConfigMap", "default", "during"));
    }

    private static ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Data = new() { ["key"] = "value" },
    };

    private static Exception Unwrap(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is StoreRefusedException)
            {
                return current;
            }

            if (current is AggregateException { InnerExceptions: [var only] })
            {
                return Unwrap(only);
            }
        }

        return e;
    }
}
