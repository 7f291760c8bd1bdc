using Orleans.TestingHost;
using OrleansKube.Control.Leadership;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

/// <summary>Three silos on one fake clock, each campaigning for the control-plane leases; the leader's silo is killed.</summary>
public sealed class LeaderFailoverTests : IAsyncLifetime
{
    private readonly SimulatedTime _simulation;
    private InProcessTestCluster? _cluster;

    public LeaderFailoverTests() => _simulation = new SimulatedTime(() => _cluster);

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ClusterId = builder.Options.ServiceId = $"okube-failover-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddQuiescenceTracking(_simulation.Quiescence);
            silo.AddOrleansKube(o => o.SimulationTime = _simulation.Time);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddKubeObjectSerializer();
            client.AddQuiescenceTracking(_simulation.Quiescence);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private async Task<Lease?> LeaseAsync() => (Lease?)await Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager);

    [Fact]
    public async Task LeaderSiloKilled_AnotherSiloTakesTheLeaseAfterExpiry_AndTheOldTermIsRefused()
    {
        await _simulation.HoldsAsync(async () => await LeaseAsync() is { Spec.HolderIdentity: not null }, () => "a silo leads");
        var before = (await LeaseAsync())!.Spec!;
        var leaderSilo = _cluster!.Silos.Single(s => before.HolderIdentity!.StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal));

        await _cluster.KillSiloAsync(leaderSilo, TestContext.Current.CancellationToken);
        await Failover.ForgetDeadSiloAsync(_cluster, leaderSilo, _simulation);
        var killedAt = _simulation.Now;

        // Within the lease's 15 s nobody else may take it; after it, a survivor does, with a higher term.
        LeaseSpec? after = null;
        await _simulation.AdvanceUntilAsync(
            async () => (after = (await Failover.RetriedAsync(LeaseAsync))?.Spec)?.HolderIdentity is { } holder && holder != before.HolderIdentity,
            () => $"another silo takes the lease (holder {after?.HolderIdentity}, term {after?.LeaseTransitions})",
            TimeSpan.FromMinutes(2));

        var waited = _simulation.Now - killedAt;
        Assert.True(waited >= TimeSpan.FromSeconds(13), $"the lease moved after {waited.TotalSeconds} s, before it could have expired: {before.HolderIdentity} renewed {before.RenewTime} term {before.LeaseTransitions}; now {after!.HolderIdentity} acquired {after.AcquireTime} term {after.LeaseTransitions}; silos {string.Join(",", _cluster.Silos.Select(s => s.SiloAddress.Endpoint + (s.IsActive ? "" : " dead")))}");
        Assert.True(after!.LeaseTransitions > before.LeaseTransitions, $"the term moved on: {before.LeaseTransitions} → {after.LeaseTransitions}");
        Assert.DoesNotContain(_cluster.Silos, s => !s.IsActive && after.HolderIdentity!.StartsWith(Helpers.LeaderIdentityPrefix(s), StringComparison.Ordinal));

        // The new leader hands its term to the loops on its next renewal; from then on the old term is refused.
        var controller = _cluster.Client.GetGrain<INodeLifecycleControllerGrain>(0);
        await _simulation.AdvanceAsync(LeaderElection.RetryPeriod);
        Assert.False(await controller.LeadAsync(before.HolderIdentity!, before.LeaseTransitions ?? 0, _simulation.Now), "the deposed leader's term is refused");
    }
}
