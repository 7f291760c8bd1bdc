using System.Diagnostics;
using OrleansKube.Control.Leadership;
using OrleansKube.Model.Coordination;

namespace OrleansKube.ClusterTests;

public sealed class GarbageCollectorSliceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private const int Dependents = 5_000;

    [Fact]
    public async Task Renewal_WhileTheCollectorDeletesThousandsOfDependents_IsAnsweredBetweenSlices()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "gc-slices");
        var owner = (await cluster.Api.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "owner", Namespace = ns } }))!;
        var reference = new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid! };
        foreach (var batch in Enumerable.Range(0, Dependents).Chunk(500))
        {
            await cluster.Api.ApplyAsync([.. batch.Select(i => (KubeObject)new ConfigMap { Metadata = new ObjectMeta { Name = $"dep-{i}", Namespace = ns, OwnerReferences = [reference] } })], ApplyMode.Create);
        }

        await cluster.SettleAsync();
        var lease = (Lease)(await cluster.Api.GetAsync("Lease", LeaderElection.Namespace, LeaderElection.ControllerManager))!;
        var collector = cluster.Client.GetGrain<IGarbageCollectorGrain>(0);

        // The owner goes in the background: the collector starts deleting its 5,000 dependents; the leader renews meanwhile.
        await cluster.Api.DeleteAsync("configmaps", ns, "owner");
        var renewal = Stopwatch.StartNew();
        Assert.True(await collector.LeadAsync(lease.Spec!.HolderIdentity!, lease.Spec.LeaseTransitions ?? 0, cluster.Time.GetUtcNow()));
        renewal.Stop();
        var pendingAfterRenewal = await collector.PendingAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"renewal answered after {renewal.ElapsedMilliseconds} ms while the collector deleted {Dependents} dependents; owners pending then: {pendingAfterRenewal}");

        // Answered between slices, not after the whole deletion; and the deletion still finishes.
        Assert.True(pendingAfterRenewal > 0, "the renewal waited for the whole deletion");
        await cluster.HoldsAsync(async () => await cluster.Api.CountAsync(new ListQuery("configmaps", ns)) == 0 && await collector.PendingAsync() == 0, "every dependent is collected");
        await cluster.Api.DeleteAsync("namespaces", null, ns);
    }
}
