using Orleans.TestingHost;
using OrleansKube.Control.Leadership;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Coordination;
using OrleansKube.Model.Serialization;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Three silos on one fake clock with their objects in a real Redis (the durable mode): the silo holding the
/// controller-manager lease is killed while a Deployment scales. Whatever grains it held (objects, indexes,
/// kubelets, controllers, scheduler shards, the lease) come back on the survivors from the store.
/// </summary>
public sealed class DurableFailoverTests : IAsyncLifetime
{
    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;

    public DurableFailoverTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("durable", 6, "zone-a", "zone-b", "zone-c");

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(_simulation, Profile, silos: 3, responseTimeout: TimeSpan.FromSeconds(5), podStartDelay: TimeSpan.FromSeconds(1));

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    [Fact]
    public async Task LeaderSiloKilledWhileADeploymentScales_AnotherSiloLeads_TheDeploymentReachesItsReplicas_AndTheOldTermIsRefused()
    {
        await _simulation.HoldsAsync(async () => await LeaseAsync() is { Spec.HolderIdentity: not null }, () => "a silo leads");
        await Api.ApplyAsync([WorkloadTests.Deployment("default", "web", 3)], ApplyMode.Apply);
        await AdvanceUntilAsync(async () => (await DeploymentAsync()).Status?.AvailableReplicas == 3, () => $"3 replicas are available: {DescribeAsync().Result}");

        // Scale up, and kill the leader's silo while the new pods are being made.
        var before = (await LeaseAsync())!.Spec!;
        var leaderSilo = _cluster!.Silos.Single(s => before.HolderIdentity!.StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal));
        await Api.ApplyAsync([WorkloadTests.Deployment("default", "web", 12)], ApplyMode.Apply);
        await _cluster.KillSiloAsync(leaderSilo, TestContext.Current.CancellationToken);
        await Failover.ForgetDeadSiloAsync(_cluster, leaderSilo, _simulation);
        var killedAt = _simulation.Now;

        // A survivor takes the lease once it has expired, with a higher term.
        LeaseSpec? after = null;
        var leaseMovedAt = (DateTimeOffset?)null;
        await AdvanceUntilAsync(
            async () =>
            {
                after = (await LeaseAsync())?.Spec;
                if (after?.HolderIdentity is { } holder && holder != before.HolderIdentity)
                {
                    leaseMovedAt ??= _simulation.Now;
                    return true;
                }

                return false;
            },
            $"another silo takes the lease (holder {after?.HolderIdentity})");
        Assert.True(leaseMovedAt - killedAt >= TimeSpan.FromSeconds(13), $"the lease moved {(leaseMovedAt - killedAt)!.Value.TotalSeconds} s after the kill, before it could have expired");
        Assert.True(after!.LeaseTransitions > before.LeaseTransitions, $"the term moved on: {before.LeaseTransitions} → {after.LeaseTransitions}");
        Assert.DoesNotContain(_cluster.Silos, s => !s.IsActive && after.HolderIdentity!.StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal));

        // The Deployment reaches its replicas: twelve pods, each Running and ready on a node of the cluster.
        List<Pod> pods = [];
        await AdvanceUntilAsync(
            async () =>
            {
                var status = (await DeploymentAsync()).Status;
                pods = [.. (await Api.ListAsync(new ListQuery("pods", "default", "app=web"))).Cast<Pod>()];
                return status is { Replicas: 12, UpdatedReplicas: 12, AvailableReplicas: 12 }
                    && pods.Count == 12 && pods.All(p => p.Status?.Phase == PodPhase.Running && p.Status.ContainerStatuses?.All(c => c.Ready) == true);
            },
            () => $"the Deployment reaches 12 available replicas: {DescribeAsync().Result}");
        var nodes = (await Api.ListAsync(new ListQuery("nodes", null))).Select(n => n.Metadata.Name).ToHashSet();
        Assert.All(pods, p => Assert.Contains(p.Spec.NodeName, nodes));
        var replicaSet = Assert.Single(await Api.ListAsync(new ListQuery("replicasets", "default")));
        Assert.Equal(12, ((ReplicaSet)replicaSet).Spec!.Replicas);

        // The deposed leader's term is refused by the leader-only loops.
        await AdvanceUntilAsync(
            async () => !await _cluster.Client.GetGrain<INodeLifecycleControllerGrain>(0).LeadAsync(before.HolderIdentity!, before.LeaseTransitions ?? 0, _simulation.Now)
                && !await _cluster.Client.GetGrain<IGarbageCollectorGrain>(0).LeadAsync(before.HolderIdentity!, before.LeaseTransitions ?? 0, _simulation.Now),
            "the old leader's term is refused");
    }

    private string? _lastError;

    private async Task<string> DescribeAsync()
    {
        var pods = (await Api.ListAsync(new ListQuery("pods", "default"))).Cast<Pod>();
        var sets = await Api.ListAsync(new ListQuery("replicasets", "default"));
        var deployment = await Api.GetAsync("Deployment", "default", "web");
        return $"deployment {KubeJson.Serialize(deployment!)}; replicasets {sets.Count}; pods {string.Join(", ", pods.Select(p => $"{p.Metadata.Name} {p.Status?.Phase} on {p.Spec.NodeName} {(p.Status?.Phase == PodPhase.Running ? "" : KubeJson.Serialize(p))}"))}; last error {_lastError}; log: {string.Join("\n", _cluster!.GetLog().Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(40))}";
    }

    private async Task<Lease?> LeaseAsync() => (Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager);

    private async Task<Deployment> DeploymentAsync() => (Deployment)(await Api.GetAsync("Deployment", "default", "web"))!;

    /// <summary>
    /// Lets simulated time pass, one due instant at a time, until <paramref name="condition"/> holds (at most 10
    /// simulated minutes); a call that met a grain of the dead silo counts as not yet.
    /// </summary>
    private Task AdvanceUntilAsync(Func<Task<bool>> condition, Func<string> what) =>
        _simulation.AdvanceUntilAsync(
            async () =>
            {
                try
                {
                    return await condition();
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    _lastError = e.Message; // activated again on a survivor by the next call
                    return false;
                }
            },
            what,
            TimeSpan.FromMinutes(10));

    private Task AdvanceUntilAsync(Func<Task<bool>> condition, string what) => AdvanceUntilAsync(condition, () => what);
}
