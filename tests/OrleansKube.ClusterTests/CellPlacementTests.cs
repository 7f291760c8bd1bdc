using Orleans.TestingHost;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Two durable silos set up for scale-out (<c>--initial-silos 2</c>, a scheduler shard and a watch cache partition per
/// silo): a namespace's pods run on the silo of its Pod watch cache partition, beside the ReplicaSet controller that made
/// them, the kubelet of their node and that node's scheduler shard, so a pod's writes, scheduling, bind, start and status
/// stay in one silo; lists across namespaces still read every pod, in key order.
/// </summary>
public sealed class CellPlacementTests : IAsyncLifetime
{
    private const int Nodes = 12;
    private const int Replicas = 3;
    private const int Partitions = 2;

    // Four namespaces over both partitions (checked below).
    private static readonly string[] Namespaces = ["team-a", "team-b", "team-c", "team-d"];

    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public CellPlacementTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("cells", 0, "zone-a", "zone-b");

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    private IManagementGrain Management => _cluster!.Client.GetGrain<IManagementGrain>(0);

    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(
            _simulation, Profile, silos: Partitions, responseTimeout: TimeSpan.FromSeconds(5), podStartDelay: TimeSpan.FromSeconds(1),
            configure: o =>
            {
                o.InitialSilos = Partitions;
                o.Scheduler = new SchedulerConfiguration { Shards = Partitions, Profiles = [new ProfileConfiguration()] };
            },
            configureSilo: silo => Helpers.PartitionWatchCaches(silo, Partitions));

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    [Fact]
    public async Task EachNamespacesPods_RunBesideTheirCachePartition_Controller_Kubelet_AndShard()
    {
        Assert.Equal(Partitions, Namespaces.Select(ns => CacheKey.PartitionOf(ns, Partitions)).Distinct().Count());
        await _cluster!.Client.GetGrain<ISimulationGrain>(0).AddNodesAsync("worker", Nodes);
        await Api.ApplyAsync([.. Namespaces.Select(ns => new Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = ns } })], ApplyMode.Apply);
        await Api.ApplyAsync([.. Namespaces.Select(ns => WorkloadTests.Deployment(ns, "web", Replicas))], ApplyMode.Apply);
        await _simulation.AdvanceUntilAsync(
            async () => (await Task.WhenAll(Namespaces.Select(ns => Api.GetAsync("Deployment", ns, "web")))).All(d => ((Deployment?)d)?.Status?.AvailableReplicas == Replicas),
            () => $"every namespace's {Replicas} replicas are available",
            TimeSpan.FromMinutes(2));

        // Every pod, listed across namespaces (every partition, merged in key order).
        var pods = (await Api.ListAsync(new ListQuery("pods", null))).Cast<Pod>().Where(p => Namespaces.Contains(p.Metadata.Namespace)).ToList();
        Assert.Equal(Namespaces.Length * Replicas, pods.Count);
        Assert.Equal(pods.Select(Key).Order(StringComparer.Ordinal), pods.Select(Key));

        var silos = new HashSet<SiloAddress>();
        foreach (var pod in pods)
        {
            var ns = pod.Metadata.Namespace!;
            var node = pod.Spec.NodeName!;
            var replicaSet = pod.Metadata.OwnerReferences!.Single(o => o.Controller == true).Name;
            var places = new Dictionary<string, SiloAddress?>
            {
                ["pod"] = await SiloOfAsync(_cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, pod.Metadata.Name!).ToString())),
                ["Pod cache partition"] = await SiloOfAsync(_cluster.Client.GetGrain<IWatchCacheGrain>(CacheKey.Of(Kinds.Pod, ns, Partitions).ToString())),
                ["ReplicaSet controller"] = await SiloOfAsync(_cluster.Client.GetGrain<IReplicaSetControllerGrain>(ObjectKey.For(Kinds.ReplicaSet, ns, replicaSet).ToString())),
                ["kubelet"] = await SiloOfAsync(_cluster.Client.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, node).ToString())),
                ["scheduler shard"] = await SiloOfAsync(_cluster.Client.GetGrain<ISchedulerShardGrain>(ShardKey.ForNode("default-scheduler", node, Partitions).ToString())),
            };
            Assert.True(places.Values.Distinct().Count() == 1 && places["pod"] is not null, $"{Key(pod)} on {node}: {string.Join(", ", places.Select(p => $"{p.Key} on {p.Value}"))}");
            silos.Add(places["pod"]!);
        }

        Assert.Equal(Partitions, silos.Count); // the namespaces' pods on both silos
    }

    private static string Key(Pod pod) => $"{pod.Metadata.Namespace}/{pod.Metadata.Name}";

    private ValueTask<SiloAddress?> SiloOfAsync(IAddressable grain) => Management.GetActivationAddress(grain, TestContext.Current.CancellationToken);
}
