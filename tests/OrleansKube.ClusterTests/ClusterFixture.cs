using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// One in-process silo with a fake clock and a small profile: three nodes of 2 cpu / 4Gi / 10 pods in
/// zones a, b, c (node small-2 is labelled disktype=ssd). Pods take 5 simulated seconds to start.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan PodStartDelay = TimeSpan.FromSeconds(5);

    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

    public IClusterClient Client => _cluster!.Client;

    /// <summary>The silo's Prometheus scrape endpoint: <c>http://localhost:{MetricsPort}/metrics</c>.</summary>
    public int MetricsPort { get; } = Helpers.FreePort();

    public IApiGrain Api => Client.GetGrain<IApiGrain>(0);

    protected virtual ClusterProfile ClusterProfile => Profile;

    protected virtual SchedulerConfiguration SchedulerConfiguration => SchedulerConfiguration.Default;

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

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);

        // A fresh cluster id per fixture: a silo joining an id whose silos are gone waits on their stale membership rows.
        builder.Options.ClusterId = builder.Options.ServiceId = $"okube-test-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.AddOrleansKubeTelemetry(new TelemetrySettings { PrometheusPort = MetricsPort });
            silo.AddOrleansKube(o =>
            {
                o.Profile = ClusterProfile;
                o.PodStartDelay = PodStartDelay;
                o.Scheduler = SchedulerConfiguration;
                o.Seed = 1;
            });
        });
        builder.ConfigureClient(client => client.Services.AddKubeObjectSerializer());
        _cluster = builder.Build();
        try
        {
            await _cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var expected = ClusterProfile.Pools.Sum(p => p.Count);
            await Eventually.HoldsAsync(async () => (await Api.ListAsync(new ListQuery("Node", null)).WaitAsync(TimeSpan.FromSeconds(30))).Count == expected, "the profile's nodes are registered");
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"the test silo did not start: {e.Message}{Environment.NewLine}{_cluster.GetLog()}", e);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
