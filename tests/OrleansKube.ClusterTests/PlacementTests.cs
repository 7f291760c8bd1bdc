using System.Diagnostics.Metrics;
using Orleans.TestingHost;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Kubelet;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Where grains go in a durable two-silo cluster, and what crosses between the silos: kubelets of nodes added once both
/// silos are up spread over both (placed by their name's hash); the pods' index shards start on the silo of the Pod watch
/// cache (which starts them), so a pod's write is one call to that silo (the cache hands the committed copy to the shard
/// there); and
/// the silos count the grain calls they receive from each other by method (<c>--count-cross-silo-calls</c>).
/// </summary>
public sealed class PlacementTests : IAsyncLifetime
{
    private const int Nodes = 24;
    private const int Replicas = 16;

    private readonly SimulatedTime _simulation;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _crossSiloCalls = [];
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public PlacementTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("placement", 0, "zone-a", "zone-b");

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    private IManagementGrain Management => _cluster!.Client.GetGrain<IManagementGrain>(0);

    public async ValueTask InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KubeMetrics.MeterName && instrument.Name == "okube.cross_silo.calls")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_crossSiloCalls)
            {
                var method = (string)tags[0].Value!;
                _crossSiloCalls[method] = _crossSiloCalls.GetValueOrDefault(method) + value;
            }
        });
        _listener.Start();
        (_redis, _cluster) = await DurableCluster.StartAsync(
            _simulation, Profile, silos: 2, responseTimeout: TimeSpan.FromSeconds(5), podStartDelay: TimeSpan.FromSeconds(1), configureSilo: silo => CrossSiloCalls.AddCrossSiloCallCounting(silo));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await DurableCluster.StopAsync(_cluster, _redis);
    }

    [Fact]
    public async Task NodesAddedToTwoSilos_KubeletsSpread_IndexShardsFollowTheirWatchCache_AndCrossSiloCallsAreCounted()
    {
        Assert.Equal(2, _cluster!.Silos.Count);

        // Both silos active in the membership the gateway's silo places by (hash placement spreads over the silos it sees;
        // membership runs on the host's clock, hence a real-time wait).
        await RealTime.UntilAsync(async () => (await Management.GetHosts(onlyActive: true)).Count == 2, "both silos are active");
        await _cluster.Client.GetGrain<ISimulationGrain>(0).AddNodesAsync("worker", Nodes);
        await _simulation.AdvanceUntilAsync(async () => (await Api.ListAsync(new ListQuery("nodes", null))).Count == Nodes, () => "the nodes are registered", TimeSpan.FromMinutes(1));

        // Kubelets: on both silos.
        var kubelets = new List<int>();
        foreach (var silo in _cluster.Silos)
        {
            kubelets.Add((await Helpers.ActivationsOnAsync(_cluster.Client, silo.SiloAddress, typeof(NodeGrain)))[0].Count);
        }

        Assert.Equal(Nodes, kubelets.Sum());
        Assert.All(kubelets, count => Assert.True(count > 0, $"kubelets per silo: {string.Join(", ", kubelets)}"));

        // Pods written from both silos: every Pod index shard that holds one is on the Pod watch cache's silo.
        await Api.ApplyAsync([WorkloadTests.Deployment("default", "web", Replicas)], ApplyMode.Apply);
        await _simulation.AdvanceUntilAsync(
            async () => ((Deployment?)await Api.GetAsync("Deployment", "default", "web"))?.Status?.AvailableReplicas == Replicas,
            () => $"{Replicas} replicas are available",
            TimeSpan.FromMinutes(2));
        var cacheSilo = await Management.GetActivationAddress(_cluster.Client.GetGrain<IWatchCacheGrain>("Pod"), TestContext.Current.CancellationToken);
        Assert.NotNull(cacheSilo);
        var shards = new List<(string Shard, SiloAddress? Silo, int Pods)>();
        foreach (var shard in IndexKey.AllShards("Pod", "default"))
        {
            var grain = _cluster.Client.GetGrain<IObjectIndexGrain>(shard.ToString());
            var silo = await Management.GetActivationAddress(grain, TestContext.Current.CancellationToken);
            shards.Add((shard.ToString(), silo, silo is null ? 0 : (await grain.ListAsync(null, null)).Value.Count));
        }

        Assert.Equal(Replicas, shards.Sum(s => s.Pods));
        Assert.All(shards.Where(s => s.Pods > 0), s => Assert.True(cacheSilo.Equals(s.Silo), $"{s.Shard} ({s.Pods} pods) is on {s.Silo}, the Pod watch cache on {cacheSilo}"));

        // Calls crossed between the silos (a pod and its kubelet, at least), each counted under its grain interface and method.
        Dictionary<string, long> counted;
        lock (_crossSiloCalls)
        {
            counted = new(_crossSiloCalls);
        }

        Assert.True(counted.Values.Sum() > 0, "no call between the silos was counted");
        Assert.All(counted.Keys, method => Assert.Matches(@"^I\w+\.\w+$", method));
    }
}
