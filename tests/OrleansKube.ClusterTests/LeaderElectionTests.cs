using OrleansKube.Control.Leadership;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

public sealed class LeaderElectionTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Silo_CampaignsForTheControlPlaneLeases_AndOkctlShowsTheHolder()
    {
        await cluster.HoldsAsync(
            async () => (await cluster.Api.ListAsync(new ListQuery("leases", LeaderElection.Namespace))).Count == 2,
            "both leases are taken");
        var leases = (await cluster.Api.ListAsync(new ListQuery("leases", LeaderElection.Namespace))).Cast<Lease>().ToList();
        Assert.Equal([LeaderElection.ControllerManager, LeaderElection.Scheduler], leases.Select(l => l.Metadata.Name!));
        var holder = leases[0].Spec!.HolderIdentity!;
        Assert.All(leases, l => Assert.Equal((holder, 15), (l.Spec!.HolderIdentity, l.Spec.LeaseDurationSeconds)));

        var get = await Helpers.OkctlAsync(cluster, "get", "leases", "-n", "kube-system");
        Assert.Matches($@"^NAME +HOLDER +AGE\nkube-controller-manager +{System.Text.RegularExpressions.Regex.Escape(holder)} +\d+[sm]\nkube-scheduler +", get.Out);

        // Renewed every retry period on the simulation clock.
        var renewed = leases[0].Spec!.RenewTime;
        await cluster.AdvanceAsync(LeaderElection.RetryPeriod);
        await cluster.HoldsAsync(
            async () => ((Lease)(await cluster.Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager))!).Spec!.RenewTime > renewed,
            "the leader renews");
    }

    [Fact]
    public async Task NodeLifecycleController_StaleTerm_IsRefused()
    {
        var controller = cluster.Client.GetGrain<INodeLifecycleControllerGrain>(0);
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager) is not null, "the lease is taken");
        var lease = (Lease)(await cluster.Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager))!;
        var term = lease.Spec!.LeaseTransitions ?? 0;

        Assert.False(await controller.LeadAsync("deposed-silo", term - 1, cluster.Time.GetUtcNow()));
        Assert.False(await controller.LeadAsync("usurper", term, cluster.Time.GetUtcNow()));
        Assert.True(await controller.LeadAsync(lease.Spec.HolderIdentity!, term, cluster.Time.GetUtcNow()));
    }
}
