using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansKube.Control.Leadership;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

/// <summary>Three silos on one fake clock, each campaigning for the control-plane leases; the leader's silo is killed.</summary>
public sealed class LeaderFailoverTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
    private InProcessTestCluster? _cluster;

    private IApiGrain Api => _cluster!.Client.GetGrain<IApiGrain>(0);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ClusterId = builder.Options.ServiceId = $"okube-failover-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(_time);
            silo.AddOrleansKube(_ => { });
        });
        builder.ConfigureClient(client => client.Services.AddKubeObjectSerializer());
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
        await Eventually.HoldsAsync(async () => await LeaseAsync() is { Spec.HolderIdentity: not null }, "a silo leads");
        var before = (await LeaseAsync())!.Spec!;
        var leaderSilo = _cluster!.Silos.Single(s => before.HolderIdentity!.StartsWith(s.SiloAddress.Endpoint + "_", StringComparison.Ordinal));

        await _cluster.KillSiloAsync(leaderSilo, TestContext.Current.CancellationToken);

        // Within the lease's 15 s nobody else may take it; after it, a survivor does, with a higher term.
        LeaseSpec? after = null;
        var waited = TimeSpan.Zero;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    after = (await LeaseAsync())?.Spec;
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    return false; // the lease's grain was on the dead silo: reactivated on the next call
                }

                if (after?.HolderIdentity is { } holder && holder != before.HolderIdentity)
                {
                    return true;
                }

                _time.Advance(TimeSpan.FromSeconds(1));
                waited += TimeSpan.FromSeconds(1);
                await Task.Delay(20, TestContext.Current.CancellationToken);
                return false;
            },
            () => $"another silo takes the lease (holder {after?.HolderIdentity}, term {after?.LeaseTransitions})");

        Assert.True(waited >= TimeSpan.FromSeconds(13), $"the lease moved after {waited.TotalSeconds} s, before it could have expired: {before.HolderIdentity} renewed {before.RenewTime} term {before.LeaseTransitions}; now {after!.HolderIdentity} acquired {after.AcquireTime} term {after.LeaseTransitions}; silos {string.Join(",", _cluster.Silos.Select(s => s.SiloAddress.Endpoint + (s.IsActive ? "" : " dead")))}");
        Assert.True(after!.LeaseTransitions > before.LeaseTransitions, $"the term moved on: {before.LeaseTransitions} → {after.LeaseTransitions}");
        Assert.DoesNotContain(_cluster.Silos, s => !s.IsActive && after.HolderIdentity!.StartsWith(s.SiloAddress.Endpoint + "_", StringComparison.Ordinal));

        // The new leader hands its term to the loops on its next renewal; from then on the old term is refused.
        var controller = _cluster.Client.GetGrain<INodeLifecycleControllerGrain>(0);
        await Eventually.HoldsAsync(
            async () =>
            {
                _time.Advance(LeaderElection.RetryPeriod);
                await Task.Delay(20, TestContext.Current.CancellationToken);
                return !await controller.LeadAsync(before.HolderIdentity!, before.LeaseTransitions ?? 0, _time.GetUtcNow());
            },
            "the deposed leader's term is refused");
    }
}
