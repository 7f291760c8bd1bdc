using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// One in-process silo with a fake clock and a small profile: three nodes of 2 cpu / 4Gi / 10 pods in
/// zones a, b, c (node small-2 is labelled disktype=ssd). Pods take 5 simulated seconds to start.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan PodStartDelay = TimeSpan.FromSeconds(5);

    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

    public IClusterClient Client => _cluster!.Client;

    public IApiGrain Api => Client.GetGrain<IApiGrain>(0);

    public static ClusterProfile Profile { get; } = new()
    {
        Name = "test",
        Pools =
        [
            new NodePool
            {
                Name = "small",
                Count = 3,
                Zones = ["zone-a", "zone-b", "zone-c"],
                Capacity = new() { ["cpu"] = Quantity.Parse("2"), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") },
            },
        ],
    };

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.AddOrleansKube(o =>
            {
                o.Profile = Profile;
                o.PodStartDelay = PodStartDelay;
            });
        });
        builder.ConfigureClient(client => client.Services.AddKubeObjectSerializer());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await Eventually.HoldsAsync(async () => (await Api.ListAsync(new ListQuery("Node", null))).Count == 3, "the profile's nodes are registered");
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
