using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The durable-mode cluster tests' set-up: silos on the test's fake clock with their objects (and membership) in a
/// Redis of their own, each run under a fresh cluster id and store prefix.
/// </summary>
internal static class DurableCluster
{
    /// <summary>One pool of workers (4 CPUs, 8 GiB, 10 pods each), spread over the given zones.</summary>
    public static ClusterProfile Profile(string name, int nodes, params string[] zones) => new()
    {
        Name = name,
        Pools =
        [
            new NodePool
            {
                Name = "worker",
                Images = Helpers.PrePulledImages,
                Count = nodes,
                Zones = zones.Length > 0 ? [.. zones] : null,
                Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("10") },
            },
        ],
    };

    /// <summary>
    /// Starts Redis and <paramref name="silos"/> silos, and waits until the profile's nodes are registered. A call to a
    /// silo that died before it was declared dead fails after <paramref name="responseTimeout"/> (Orleans' 30 s otherwise).
    /// <paramref name="configure"/> changes further settings of every silo (kube-system's pods shown). The store prefix is
    /// the cluster id (<c>cluster.Options.ClusterId</c>). <paramref name="configureSilo"/> adds to every silo's builder.
    /// </summary>
    public static async Task<(RedisServer Redis, InProcessTestCluster Cluster)> StartAsync(
        SimulatedTime simulation, ClusterProfile profile, int silos, TimeSpan responseTimeout, string redisOptions = "", TimeSpan? podStartDelay = null, Action<OrleansKubeOptions>? configure = null, bool persistentRedis = false, Action<ISiloBuilder>? configureSilo = null)
    {
        var redis = await RedisServer.StartAsync(appendOnly: persistentRedis);
        var builder = new InProcessTestClusterBuilder((short)silos);
        var id = $"okube-{profile.Name}-{Guid.NewGuid():N}";
        builder.Options.ClusterId = builder.Options.ServiceId = id;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            silo.AddQuiescenceTracking(simulation.Quiescence);
            silo.AddOrleansKube(o =>
            {
                o.SimulationTime = simulation.Time;
                o.Profile = profile;
                o.PodStartDelay = podStartDelay ?? o.PodStartDelay;
                o.Redis = redis.Configuration + redisOptions;
                o.StoragePrefix = id;
                configure?.Invoke(o);
            });
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddKubeObjectSerializer();
            client.AddQuiescenceTracking(simulation.Quiescence);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var api = cluster.Client.GetGrain<IApiGrain>(0);
        await simulation.HoldsAsync(async () => (await api.ListAsync(new ListQuery("nodes", null))).Count == profile.Pools[0].Count, () => "the profile's nodes are registered");
        return (redis, cluster);
    }

    public static async Task StopAsync(InProcessTestCluster? cluster, RedisServer? redis)
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}
