using Orleans.TestingHost;
using OrleansKube.Control.Leadership;
using OrleansKube.Control.Nodes;
using OrleansKube.Grains.Kubelet;
using OrleansKube.Grains.Objects;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Three silos on one fake clock with their objects in a real Redis: the first silo, started alone, holds every kubelet,
/// the Service allocator and both leader leases; two more join, and the first is killed. The kubelets come back on the
/// survivors before the node grace period, no node keeps a taint, every replica runs again, and the allocator hands out
/// no ClusterIP or NodePort twice.
/// </summary>
public sealed class SiloDeathTests : IAsyncLifetime
{
    private const int Replicas = 12;

    // Upstream's bound for a dead node's pods: the grace period, the default toleration, and a few seconds for the restart.
    private static readonly TimeSpan RecoveryBound = NodeLifecycle.MonitorGracePeriod + TimeSpan.FromSeconds(300) + TimeSpan.FromSeconds(5);

    private readonly SimulatedTime _simulation;
    private RedisServer? _redis;
    private InProcessTestCluster? _cluster;
    private string? _lastError;

    public SiloDeathTests() => _simulation = new SimulatedTime(() => _cluster);

    private static ClusterProfile Profile { get; } = DurableCluster.Profile("silo-death", 6, "zone-a", "zone-b", "zone-c");

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync() =>
        (_redis, _cluster) = await DurableCluster.StartAsync(_simulation, Profile, silos: 1, responseTimeout: TimeSpan.FromSeconds(5), podStartDelay: TimeSpan.FromSeconds(1));

    public async ValueTask DisposeAsync() => await DurableCluster.StopAsync(_cluster, _redis);

    [Fact]
    public async Task SiloHoldingKubeletsAllocatorAndLeasesKilled_ReplicasRunAgain_NoNodeKeepsATaint_AndServicesGetUnusedAddresses()
    {
        // The first silo, alone, takes both leases, hosts every kubelet and allocates the first Services.
        await AdvanceUntilAsync(async () => (await LeasesAsync()).All(l => l?.Spec?.HolderIdentity is not null), () => "the first silo leads");
        await Api.ApplyAsync([WorkloadTests.Deployment("default", "web", Replicas), .. Enumerable.Range(0, 3).Select(i => NodePortService($"before-{i}"))], ApplyMode.Apply);
        await AdvanceUntilAsync(async () => await AllRunningAsync(), () => $"{Replicas} replicas are available: {DescribeAsync().Result}");

        var first = _cluster!.Silos.Single();
        await _cluster.StartAdditionalSiloAsync();
        await _cluster.StartAdditionalSiloAsync();
        await _simulation.SettleAsync();
        Assert.All(await LeasesAsync(), l => Assert.StartsWith(Helpers.LeaderIdentityPrefix(first), l!.Spec!.HolderIdentity, StringComparison.Ordinal));
        Assert.Equal(
            [(typeof(NodeGrain).FullName!, Profile.Pools[0].Count), (typeof(ServiceAllocatorGrain).FullName!, 1)],
            await Helpers.ActivationsOnAsync(_cluster.Client, first.SiloAddress, typeof(NodeGrain), typeof(ServiceAllocatorGrain)));

        await _cluster.KillSiloAsync(first, TestContext.Current.CancellationToken);
        await Failover.ForgetDeadSiloAsync(_cluster, first, _simulation);
        var killedAt = _simulation.Now;

        // Every replica runs again, every node is Ready without a taint, and every kubelet renewed its lease before the grace period ran out.
        DateTimeOffset? rehostedAt = null;
        await AdvanceUntilAsync(
            async () =>
            {
                if (rehostedAt is null && (await Api.ListAsync(new ListQuery("leases", NodeLifecycle.LeaseNamespace))).Cast<Lease>().Count(l => l.Spec?.RenewTime > killedAt) == Profile.Pools[0].Count)
                {
                    rehostedAt = _simulation.Now;
                }

                // The stored view says Running and Ready right after the kill: only kubelets that renew again make it true.
                return rehostedAt is not null && await AllRunningAsync() && await NodesHealthyAsync();
            },
            () => $"every replica runs and every node is Ready without taints: {DescribeAsync().Result}",
            RecoveryBound);
        Assert.NotNull(rehostedAt);
        var rehosted = (rehostedAt.Value - killedAt).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"kubelets re-hosted {rehosted} s and every replica Running on untainted Ready nodes {(_simulation.Now - killedAt).TotalSeconds} s (simulated) after the kill");
        Assert.True(rehosted < NodeLifecycle.MonitorGracePeriod.TotalSeconds, $"the kubelets were re-hosted {rehosted} s after the kill, after the {NodeLifecycle.MonitorGracePeriod.TotalSeconds} s grace period");

        // And it stays so past the point where a tainted node's pods would have been evicted.
        await _simulation.AdvanceAsync(killedAt + RecoveryBound - _simulation.Now);
        Assert.True(await AllRunningAsync(), $"every replica still runs {RecoveryBound.TotalSeconds} s after the kill: {await DescribeAsync()}");
        Assert.True(await NodesHealthyAsync(), $"every node is still Ready without taints: {await DescribeAsync()}");
        Assert.All(await LeasesAsync(), l => Assert.DoesNotContain(Helpers.LeaderIdentityPrefix(first), l!.Spec!.HolderIdentity, StringComparison.Ordinal));

        // The allocator came back on a survivor knowing what the stored Services hold.
        await Api.ApplyAsync([.. Enumerable.Range(0, 3).Select(i => NodePortService($"after-{i}"))], ApplyMode.Apply);
        var services = (await Api.ListAsync(new ListQuery("services", "default"))).Cast<Service>().Where(s => s.Metadata.Name!.StartsWith("before-", StringComparison.Ordinal) || s.Metadata.Name.StartsWith("after-", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, services.Count);
        var ips = services.Select(s => s.Spec!.ClusterIP).ToList();
        var ports = services.Select(s => s.Spec!.Ports![0].NodePort).ToList();
        Assert.True(ips.Distinct().Count() == 6, $"ClusterIPs handed out twice: {string.Join(", ", services.Select(s => $"{s.Metadata.Name}={s.Spec!.ClusterIP}"))}");
        Assert.True(ports.Distinct().Count() == 6, $"NodePorts handed out twice: {string.Join(", ", services.Select(s => $"{s.Metadata.Name}={s.Spec!.Ports![0].NodePort}"))}");
    }

    private static Service NodePortService(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Spec = new ServiceSpec { Type = ServiceType.NodePort, Selector = new() { ["app"] = "web" }, Ports = [new ServicePort { Port = 80 }] },
    };

    private async Task<bool> AllRunningAsync()
    {
        var status = ((Deployment?)await Api.GetAsync("Deployment", "default", "web"))?.Status;
        var pods = (await Api.ListAsync(new ListQuery("pods", "default", "app=web"))).Cast<Pod>().ToList();
        return status is { Replicas: Replicas, AvailableReplicas: Replicas }
            && pods.Count == Replicas && pods.All(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == PodPhase.Running && p.Status.ContainerStatuses?.All(c => c.Ready) == true);
    }

    private async Task<bool> NodesHealthyAsync() =>
        (await Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>().All(n =>
            NodeLifecycle.ReadyStatus(n) == ConditionStatus.True && !NodeLifecycle.HasLifecycleTaints(n));

    private async Task<List<Lease?>> LeasesAsync() =>
        [(Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager), (Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.Scheduler)];

    private async Task<string> DescribeAsync()
    {
        var nodes = (await Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>();
        var pods = (await Api.ListAsync(new ListQuery("pods", "default"))).Cast<Pod>();
        return $"at {_simulation.Now:HH:mm:ss}; nodes {string.Join(", ", nodes.Select(n => $"{n.Metadata.Name} Ready={NodeLifecycle.ReadyStatus(n)} taints=[{string.Join(" ", (n.Spec?.Taints ?? []).Select(t => $"{t.Key}:{t.Effect}"))}]"))}; "
            + $"pods {string.Join(", ", pods.Select(p => $"{p.Metadata.Name} {p.Status?.Phase}{(p.Metadata.DeletionTimestamp is null ? "" : " deleting")} on {p.Spec.NodeName}"))}; last error {_lastError}";
    }

    /// <summary>Lets simulated time pass, one due instant at a time, until <paramref name="condition"/> holds; a call that met a grain of the dead silo counts as not yet.</summary>
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
                    _lastError = e.Message; // activated again on a survivor by the next call
                    return false;
                }
            },
            what,
            limit ?? TimeSpan.FromMinutes(10));
}
