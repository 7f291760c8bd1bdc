using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansKube.Control.Store;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Three silos on one fake clock with their objects in a persistent Redis (append-only file, fsynced before every
/// answer: see <see cref="RedisServer"/>), restarted on its data while clients keep creating ConfigMaps. Nothing
/// acknowledged is lost, a create the outage caught fails in one line within the timeouts, the store is never taken
/// for lost (the restarted Redis still holds the cluster's marker), and the same silos serve again.
/// </summary>
public sealed class StoreRestartTests : IAsyncLifetime
{
    private const string Namespace = "restart";
    private const int Creators = 6;
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly SimulatedTime _simulation;
    private readonly ConcurrentQueue<StoreState> _states = new();
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public StoreRestartTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("store-restart", 2);

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    private IEnumerable<IServiceProvider> Silos => _cluster!.Silos.Where(s => s.IsActive).OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services);

    // A store that does not answer fails a request in 1 s, well inside the 10 s response timeout.
    public async ValueTask InitializeAsync()
    {
        (_redis, _cluster) = await DurableCluster.StartAsync(
            _simulation, Profile, silos: 3, responseTimeout: ResponseTimeout, redisOptions: ",asyncTimeout=1000,syncTimeout=1000", persistentRedis: true);
        foreach (var silo in Silos)
        {
            silo.GetRequiredService<StoreHealth>().Changed += _states.Enqueue;
        }

        await Api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = Namespace } }], ApplyMode.Apply);
    }

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    public sealed record Restart(string Name, Func<RedisServer, Task> RestartAsync)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Restart> Restarts() =>
    [
        new Restart("Redis shut down (SHUTDOWN flushes its file) and started again on its directory", r => r.ShutdownAndStartAsync()),
        new Restart("Redis killed (kill -9, nothing flushed at exit) and started again on its directory", r => r.KillAndStartAsync()),
    ];

    [Theory]
    [MemberData(nameof(Restarts))]
    public async Task RedisRestartedUnderCreates_EveryAcknowledgedCreateIsStored_FailuresAreOneLineErrors_AndTheSameSilosServeAgain(Restart restart)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var failed = new ConcurrentQueue<(string Name, Exception Error, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();
        var creators = Enumerable.Range(0, Creators).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"cm-{c}-{i}";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await Api.CreateAsync(ConfigMap(name));
                    acknowledged.Enqueue(name);
                }
                catch (Exception e)
                {
                    failed.Enqueue((name, e, Stopwatch.GetElapsedTime(started)));
                }
            }
        })).ToList();

        // Real time: the creators and Redis run on the wall clock; these wait on counts, not on durations.
        await RealTime.UntilAsync(() => Task.FromResult(acknowledged.Count >= 50), () => $"creates are acknowledged before the restart ({acknowledged.Count}, failures {Describe(failed)})");
        await restart.RestartAsync(_redis!);
        var atRestart = acknowledged.Count;
        await RealTime.UntilAsync(() => Task.FromResult(acknowledged.Count >= atRestart + 50), () => $"creates are acknowledged again after the restart ({acknowledged.Count - atRestart}, failures {Describe(failed)})");
        await stop.CancelAsync();
        await Task.WhenAll(creators);

        // Every failure is the store's refusal in one line (a hang would have ended in Orleans' TimeoutException), and no silo took the store for lost.
        Assert.All(failed, f =>
        {
            Assert.True(f.Error is ApiException { Reason: ApiErrorReason.InternalError } && !f.Error.Message.Contains('\n', StringComparison.Ordinal), $"{f.Name}: {f.Error}");
        });
        Assert.DoesNotContain(StoreState.Lost, _states);

        // What Redis holds now (read past the silos, which still hold their objects in memory).
        using var store = new RedisObjectRepository(_redis!.Configuration, _cluster!.Options.ClusterId, new StoreHealth());
        await store.ConnectAsync();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shard in IndexKey.AllShards("ConfigMap", Namespace))
        {
            stored.UnionWith((await store.LoadAsync(shard)).Select(o => o.Metadata.Name!));
        }

        var lost = acknowledged.Where(n => !stored.Contains(n)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged creates are not in the store: {string.Join(", ", lost.Take(20))}");

        // The same silos serve again, and what they answer is what the store holds, a failed create included (its
        // write may have reached Redis before the connection dropped).
        await _simulation.AdvanceAsync(StoreWatch.Interval);
        Assert.All(Silos, s => Assert.Equal(StoreState.Ok, s.GetRequiredService<StoreHealth>().State));
        var listed = (await Api.ListAsync(new ListQuery("configmaps", Namespace))).Select(o => o.Metadata.Name!).Where(n => n.StartsWith("cm-", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var onlyStored = stored.Where(n => n.StartsWith("cm-", StringComparison.Ordinal) && !listed.Contains(n)).ToList();
        var onlyListed = listed.Where(n => !stored.Contains(n)).ToList();
        Assert.True(onlyStored.Count == 0 && onlyListed.Count == 0,
            $"the API lists what the store holds; only stored: {Names(onlyStored, acknowledged, failed)}; only listed: {Names(onlyListed, acknowledged, failed)}");
        foreach (var (name, _, _) in failed)
        {
            Assert.True(stored.Contains(name) == (await Api.GetAsync("ConfigMap", Namespace, name) is not null), $"the API and the store disagree on {name} (stored: {stored.Contains(name)})");
        }

        await Api.CreateAsync(ConfigMap("after"));
        Assert.NotNull(await Api.GetAsync("ConfigMap", Namespace, "after"));
        TestContext.Current.SendDiagnosticMessage($"{restart.Name}: {acknowledged.Count} creates acknowledged, {failed.Count} failed (slowest {(failed.IsEmpty ? 0 : failed.Max(f => f.Took.TotalSeconds)):0.0} s; {stored.Count(n => failed.Any(f => f.Name == n))} of those stored anyway)");
    }

    private static string Names(List<string> names, IEnumerable<string> acknowledged, IEnumerable<(string Name, Exception Error, TimeSpan Took)> failed) =>
        string.Join(", ", names.Select(n => $"{n} ({(acknowledged.Contains(n) ? "acknowledged" : failed.FirstOrDefault(f => f.Name == n).Error?.Message ?? "never tried")})"));

    private static string Describe(IEnumerable<(string Name, Exception Error, TimeSpan Took)> failed) =>
        string.Join("; ", failed.Take(5).Select(f => $"{f.Name}: {f.Error.GetType().Name} {f.Error.Message}"));

    private static ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
        Data = new() { ["key"] = "value" },
    };
}
