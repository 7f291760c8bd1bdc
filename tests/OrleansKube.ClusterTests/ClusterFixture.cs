using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// One in-process silo with its own fake clock and a small profile: three nodes of 2 cpu / 4Gi / 10 pods in
/// zones a, b, c (node small-2 is labelled disktype=ssd). Pods take 5 simulated seconds to start. Each test class
/// has its own (<see cref="IClassFixture{TFixture}"/>): nothing another class does moves its clock or fills its nodes.
/// Simulated time moves only through <see cref="AdvanceAsync"/> and <see cref="AdvanceUntilAsync"/>.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan PodStartDelay = TimeSpan.FromSeconds(5);

    private InProcessTestCluster? _cluster;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _names = new(StringComparer.Ordinal);

    public ClusterFixture() => Simulation = new SimulatedTime(() => _cluster);

    public SimulatedTime Simulation { get; }

    /// <summary>The simulation's clock, to read; move it with <see cref="AdvanceAsync"/>.</summary>
    public FakeTimeProvider Time => Simulation.Time;

    public IClusterClient Client => _cluster!.Client;

    /// <summary>The silo's services (its metrics, its simulation clock).</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)_cluster!.Silos[0]).SiloHost.Services;

    /// <summary>The silo's Prometheus scrape endpoint: <c>http://localhost:{MetricsPort}/metrics</c>.</summary>
    public int MetricsPort { get; } = Helpers.FreePort();

    public IApiGrain Api => Client.GetGrain<IApiGrain>(0);

    protected virtual ClusterProfile ClusterProfile => Profile;

    protected virtual SchedulerConfiguration SchedulerConfiguration => SchedulerConfiguration.Default;

    /// <summary>Settings a fixture changes beyond the profile and the scheduler (limits, retention).</summary>
    protected virtual void Configure(OrleansKubeOptions options)
    {
    }

    /// <summary>What a fixture adds to the silo beyond OrleansKube (the Kubernetes API on a free port).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public static ClusterProfile Profile { get; } = new()
    {
        Name = "test",
        Pools =
        [
            new NodePool
            {
                Name = "small",
                Images = Helpers.PrePulledImages,
                Count = 3,
                Zones = ["zone-a", "zone-b", "zone-c"],
                Capacity = new() { ["cpu"] = Quantity.Parse("2"), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") },
            },
        ],
    };

    /// <summary>Waits until what the last request or clock step set off has all run.</summary>
    public Task SettleAsync() => Simulation.SettleAsync();

    /// <summary>Lets exactly <paramref name="by"/> of simulated time pass, the silo settling at every instant a timer is due.</summary>
    public Task AdvanceAsync(TimeSpan by) => Simulation.AdvanceAsync(by);

    /// <summary>Lets simulated time pass, one due instant at a time, until <paramref name="condition"/> holds (at most <paramref name="limit"/>, 10 minutes by default).</summary>
    public Task AdvanceUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null) =>
        Simulation.AdvanceUntilAsync(condition, () => what, limit ?? TimeSpan.FromMinutes(10));

    /// <summary>Checks <paramref name="condition"/> once the silo has settled.</summary>
    public Task HoldsAsync(Func<Task<bool>> condition, string what) => Simulation.HoldsAsync(condition, () => what);

    public Task HoldsAsync(Func<Task<bool>> condition, Func<string> what) => Simulation.HoldsAsync(condition, what);

    /// <summary>
    /// A name unique in this cluster that depends only on the running test and <paramref name="prefix"/>, not on which
    /// tests ran before: names decide shards and renewal slots, so a test sees the same cluster in any order.
    /// </summary>
    public string UniqueName(string prefix)
    {
        var key = $"{TestContext.Current.Test?.TestDisplayName}/{prefix}";
        var count = _names.AddOrUpdate(key, 1, (_, n) => n + 1);
        var hash = Control.Simulation.Seeds.Mix(0, key); // stable across processes, unlike string.GetHashCode
        return count == 1 ? $"{prefix}-{hash % 0x1000000:x6}" : $"{prefix}-{hash % 0x1000000:x6}-{count}";
    }

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);

        // A fresh cluster id per fixture: a silo joining an id whose silos are gone waits on their stale membership rows.
        builder.Options.ClusterId = builder.Options.ServiceId = $"okube-test-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddQuiescenceTracking(Simulation.Quiescence);
            silo.AddOrleansKubeTelemetry(new TelemetrySettings { PrometheusPort = MetricsPort });
            silo.AddOrleansKube(o =>
            {
                o.SimulationTime = Time;
                o.Profile = ClusterProfile;
                o.PodStartDelay = PodStartDelay;
                o.Scheduler = SchedulerConfiguration;
                o.Seed = 1;
                Configure(o);
            });
            ConfigureSilo(silo);
            if (Environment.GetEnvironmentVariable("OKUBE_TEST_PARTITIONS") is { } partitions)
            {
                Helpers.PartitionWatchCaches(silo, int.Parse(partitions, System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddKubeObjectSerializer();
            client.AddQuiescenceTracking(Simulation.Quiescence);
        });
        _cluster = builder.Build();
        try
        {
            await _cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"the test silo did not start: {e.Message}{Environment.NewLine}{_cluster.GetLog()}", e);
        }

        var expected = ClusterProfile.Pools.Sum(p => p.Count);
        await HoldsAsync(async () => (await Api.ListAsync(new ListQuery("Node", null))).Count == expected, "the profile's nodes are registered");
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        SharedObjects.Process.Verify(); // no object was changed after it crossed a grain boundary (Debug builds)
    }
}
