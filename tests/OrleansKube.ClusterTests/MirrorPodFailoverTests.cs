using Orleans.TestingHost;
using OrleansKube.Control.Leadership;
using OrleansKube.Manifests.ControlPlane;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Three silos showing kube-system's pods (objects in a real Redis, one fake clock): each silo is a control-plane node
/// with four mirror pods. When a silo dies, the controller-manager's leader deletes that node's mirror pods, as upstream's
/// pod garbage collector deletes the pods of a deleted node; the survivors' pods stay, and the leases name pods that exist.
/// </summary>
public sealed class MirrorPodFailoverTests : IAsyncLifetime
{
    private static readonly string[] Components = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;
    private string? _lastError;

    public MirrorPodFailoverTests() => _simulation = new SimulatedTime(() => _cluster);

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(
            _simulation, DurableCluster.Profile("mirror-pods", 3), silos: 3, responseTimeout: TimeSpan.FromSeconds(5), configure: o => o.SystemPods = true);

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    public sealed record Case(string Name, bool KillLeader)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases =>
    [
        new Case("the controller-manager's leader dies: the next leader deletes its pods", KillLeader: true),
        new Case("a silo leading nothing dies: the leader deletes its pods", KillLeader: false),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SiloDies_ItsMirrorPodsGo_TheSurvivorsStay_AndTheLeasesNameTheLeadersPods(Case c)
    {
        var nodes = _cluster!.Silos.ToDictionary(s => s, s => ControlPlaneManifests.NodeName(s.SiloAddress.Endpoint));
        await AdvanceUntilAsync(
            async () => (await MirrorPodsAsync()).Count == 4 * nodes.Count && (await LeasesAsync()).All(l => l?.Spec?.HolderIdentity is not null),
            () => "every silo shows its four mirror pods and both leases are held");
        Assert.Equal(Expected(nodes.Values), await MirrorPodsAsync());
        await AssertLeasesNameLivePodsAsync();

        var holders = (await LeasesAsync()).Select(l => l!.Spec!.HolderIdentity!).ToList();
        var leader = nodes.Keys.Single(s => holders[0].StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal));
        var victim = c.KillLeader ? leader : nodes.Keys.First(s => !holders.Any(h => h.StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal)));
        await _cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await Failover.ForgetDeadSiloAsync(_cluster, victim, _simulation);

        var survivors = nodes.Where(n => n.Key != victim).Select(n => n.Value).ToList();
        await AdvanceUntilAsync(
            async () => (await MirrorPodsAsync()).SequenceEqual(Expected(survivors))
                && (await LeasesAsync()).All(l => l?.Spec?.HolderIdentity is { } holder && survivors.Any(n => holder.StartsWith(n + "_", StringComparison.Ordinal))),
            () => $"only the survivors' mirror pods are left ({string.Join(", ", MirrorPodsAsync().Result)}) and survivors hold the leases ({string.Join(", ", LeasesAsync().Result.Select(l => l?.Spec?.HolderIdentity))}); last error {_lastError}",
            TimeSpan.FromMinutes(2));

        // Well past the deletion, nothing else goes: the survivors' pods run on, and the leader's are the leases' holder's.
        await _simulation.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(Expected(survivors), await MirrorPodsAsync());
        var pods = (await Api.ListAsync(new ListQuery("pods", ControlPlaneManifests.Namespace, "tier=control-plane"))).Cast<Pod>().ToList();
        Assert.All(pods, p => Assert.Equal((PodPhase.Running, (DateTimeOffset?)null), (p.Status!.Phase, p.Metadata.DeletionTimestamp)));
        await AssertLeasesNameLivePodsAsync();
        var log = await Api.GetLogAsync(ControlPlaneManifests.Namespace, $"kube-controller-manager-{LeaderNode(await LeasesAsync())}");
        var deletions = System.Text.RegularExpressions.Regex.Matches(log, "\"Deleted mirror pods of control-plane nodes that are gone\" count=(\\d+)");
        Assert.Equal(4, deletions.Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static List<string> Expected(IEnumerable<string> nodes) =>
        [.. nodes.SelectMany(n => Components.Select(c => ControlPlaneManifests.MirrorPodName(c, n))).Order(StringComparer.Ordinal)];

    private async Task<List<string>> MirrorPodsAsync() =>
        [.. (await Api.ListAsync(new ListQuery("pods", ControlPlaneManifests.Namespace, "tier=control-plane")))
            .Where(p => p.Metadata.DeletionTimestamp is null)
            .Select(p => p.Metadata.Name!)
            .Order(StringComparer.Ordinal)];

    private async Task<List<Lease?>> LeasesAsync() =>
        [(Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager), (Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.Scheduler)];

    private static string LeaderNode(List<Lease?> leases) => leases[0]!.Spec!.HolderIdentity!.Split('_')[0];

    /// <summary>A Lease's holder is <c>node_suffix</c>: the node's kube-controller-manager / kube-scheduler pod is the leader's.</summary>
    private async Task AssertLeasesNameLivePodsAsync()
    {
        var pods = await MirrorPodsAsync();
        foreach (var lease in await LeasesAsync())
        {
            var node = lease!.Spec!.HolderIdentity!.Split('_')[0];
            Assert.Contains(ControlPlaneManifests.MirrorPodName(lease.Metadata.Name!, node), pods);
        }
    }

    /// <summary>Lets simulated time pass until <paramref name="condition"/> holds; a call that met a grain of the dead silo counts as not yet.</summary>
    private Task AdvanceUntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? limit = null) =>
        _simulation.AdvanceUntilAsync(
            async () =>
            {
                try
                {
                    return await condition();
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    _lastError = e.Message;
                    return false;
                }
            },
            what,
            limit ?? TimeSpan.FromMinutes(10));
}
