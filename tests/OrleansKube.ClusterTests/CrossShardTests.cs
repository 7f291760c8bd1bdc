namespace OrleansKube.ClusterTests;

/// <summary>
/// Required rules over zones hold while four shards schedule at once: each shard sees only its own nodes'
/// pods, and the topology ledger admits every bind against the whole cluster.
/// </summary>
public sealed class CrossShardTests(ShardedClusterFixture cluster) : IClassFixture<ShardedClusterFixture>
{
    private const string ZoneKey = "topology.kubernetes.io/zone";

    private async Task<Dictionary<string, string>> ZonesByNodeAsync() =>
        (await cluster.Api.ListAsync(new ListQuery("nodes", null))).Cast<Node>().ToDictionary(n => n.Metadata.Name!, n => n.Metadata.Labels![ZoneKey]);

    private static PodAffinityTerm ZoneTerm(string app) => new()
    {
        TopologyKey = ZoneKey,
        LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = app } },
    };

    private Task<SchedulerShardStats[]> ShardStatsAsync() =>
        Task.WhenAll(Enumerable.Range(0, ShardedClusterFixture.Shards)
            .Select(i => cluster.Client.GetGrain<ISchedulerShardGrain>(new ShardKey("default-scheduler", i).ToString()).GetStatsAsync()));

    /// <summary>Waits until every pod is either placed or declared Unschedulable, and returns them.</summary>
    private async Task<List<Pod>> SettledPodsAsync(string ns, int count)
    {
        List<Pod> pods = [];
        await cluster.HoldsAsync(
            async () =>
            {
                pods = [.. (await cluster.Api.ListAsync(new ListQuery("pods", ns))).Cast<Pod>()];
                return pods.Count == count && pods.All(p => p.Spec.NodeName is not null || p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true);
            },
            () => $"all {count} pods are placed or unschedulable; unsettled: {string.Join(", ", pods.Where(p => p.Spec.NodeName is null).Select(p => p.Metadata.Name))}");
        return pods;
    }

    [Fact]
    public async Task RequiredZoneAntiAffinity_IsNeverViolated_WithFourShardsSchedulingAtOnce()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "solo");
        var zones = await ZonesByNodeAsync();
        var pods = Enumerable.Range(0, 30).Select(i =>
        {
            var pod = Helpers.Pod(ns, $"solo-{i}", labels: new() { ["app"] = "solo" });
            pod.Spec.Affinity = new Affinity { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [ZoneTerm("solo")] } };
            return pod;
        }).ToList();

        var before = await ShardStatsAsync();

        // One batch: the pods hash to all four shards, which schedule them concurrently.
        await cluster.Api.ApplyAsync([.. pods], ApplyMode.Apply);
        var settled = await SettledPodsAsync(ns, pods.Count);

        var placed = settled.Where(p => p.Spec.NodeName is not null).ToList();
        Assert.Equal(["zone-a", "zone-b", "zone-c"], placed.Select(p => zones[p.Spec.NodeName!]).Order());
        foreach (var pending in settled.Where(p => p.Spec.NodeName is null))
        {
            Assert.StartsWith(
                $"0/{zones.Count} nodes are available: {zones.Count} node(s) didn't match pod anti-affinity rules.",
                pending.Status!.Conditions!.Single(c => c.Type == "PodScheduled").Message);
        }

        // Several shards ran cycles for these pods; which shard's placements the ledger admitted first is a race, and any will do.
        var after = await ShardStatsAsync();
        Assert.True(after.Zip(before).Count(s => s.First.Attempts > s.Second.Attempts) > 1, "more than one shard scheduled these pods");
    }

    [Fact]
    public async Task ExistingPodsZoneAntiAffinity_RepelsMatchingPodsFromEveryShard()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "symmetry");
        var zones = await ZonesByNodeAsync();
        var holder = Helpers.Pod(ns, "loner", labels: new() { ["app"] = "loner" });
        holder.Spec.Affinity = new Affinity { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [ZoneTerm("web")] } };
        await cluster.Api.ApplyAsync([holder], ApplyMode.Apply);
        var holderZone = zones[(await Helpers.SettledPodAsync(cluster, ns, "loner", p => p.Spec.NodeName is not null)).Spec.NodeName!];

        // Plain pods with no rules of their own: only the holder's rule keeps them out of its zone.
        var web = Enumerable.Range(0, 24).Select(i => Helpers.Pod(ns, $"web-{i}", labels: new() { ["app"] = "web" })).ToList();
        await cluster.Api.ApplyAsync([.. web], ApplyMode.Apply);
        var settled = await SettledPodsAsync(ns, web.Count + 1);

        Assert.All(settled.Where(p => p.Metadata.Name != "loner"), p =>
        {
            Assert.NotNull(p.Spec.NodeName);
            Assert.NotEqual(holderZone, zones[p.Spec.NodeName!]);
        });
    }

    [Fact]
    public async Task ZoneSpreadDoNotSchedule_KeepsSkewWithinOne_WithFourShards()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "spread");
        var zones = await ZonesByNodeAsync();
        var pods = Enumerable.Range(0, 13).Select(i =>
        {
            var pod = Helpers.Pod(ns, $"spread-{i}", labels: new() { ["app"] = "spread" });
            pod.Spec.TopologySpreadConstraints =
            [
                new TopologySpreadConstraint
                {
                    MaxSkew = 1,
                    TopologyKey = ZoneKey,
                    WhenUnsatisfiable = UnsatisfiableConstraintAction.DoNotSchedule,
                    LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "spread" } },
                },
            ];
            return pod;
        }).ToList();

        await cluster.Api.ApplyAsync([.. pods], ApplyMode.Apply);

        // Refused binds wait out their backoff on the simulated clock before another try.
        foreach (var pod in pods)
        {
            await Helpers.AdvanceUntilPlacedAsync(cluster, ns, pod.Metadata.Name!);
        }

        var perZone = (await SettledPodsAsync(ns, pods.Count)).GroupBy(p => zones[p.Spec.NodeName!]).Select(g => g.Count()).ToList();
        Assert.Equal(3, perZone.Count);
        Assert.True(perZone.Max() - perZone.Min() <= 1, $"zone counts {string.Join("/", perZone)} differ by at most maxSkew");
    }
}
