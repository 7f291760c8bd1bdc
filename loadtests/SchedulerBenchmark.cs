using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;
using OrleansKube.Model.Resources;

namespace OrleansKube.LoadTests;

/// <summary>
/// Scheduler throughput, after upstream's scheduler_perf: an embedded silo with N nodes, M pods created in
/// batches, and the rate at which they are bound. Cases: plain resource fit, required node affinity, and
/// required pod anti-affinity on hostname. As upstream's test cases, each first schedules <c>initPods</c> of
/// the same shape (in a namespace of their own, so anti-affinity does not count them) and only then measures:
/// the figures are a warm scheduler's, not the JIT's and the thread pool's first seconds.
/// </summary>
public static class SchedulerBenchmark
{
    private const string Namespace = "sched-perf";
    private const string InitNamespace = "sched-perf-init";

    public static readonly string[] Cases = ["resource-fit", "node-affinity", "anti-affinity"];

    public static async Task<int> RunAsync(int nodes, int pods, int initPods, int shards, IEnumerable<string> cases, int? seed, TextWriter output, CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var name in cases)
        {
            // Anti-affinity on hostname allows one pod per node (per namespace).
            var count = name == "anti-affinity" ? Math.Min(pods, nodes) : pods;
            var init = name == "anti-affinity" ? Math.Min(initPods, nodes) : initPods;
            failed |= !await RunCaseAsync(name, nodes, count, init, shards, seed, output, cancellationToken);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> RunCaseAsync(string name, int nodeCount, int podCount, int initCount, int shards, int? seed, TextWriter output, CancellationToken cancellationToken)
    {
        // The cycle alone, on the same machine a moment before, with no silo running: what the path around the scheduler costs.
        var pure = SchedulingCycle.For(name, nodeCount).CyclesPerSecond(TimeSpan.FromSeconds(1));
        using var host = await EmbeddedSilo.StartAsync(nodeCount, "4", "32Gi", TimeSpan.Zero, new SchedulerConfiguration { Shards = shards, Profiles = [new ProfileConfiguration()] }, cancellationToken, seed: seed);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var api = client.GetGrain<IApiGrain>(0);
        await api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = Namespace } }, new Namespace { Metadata = new ObjectMeta { Name = InitNamespace } }], ApplyMode.Apply);
        var shardGrains = Enumerable.Range(0, shards).Select(s => client.GetGrain<ISchedulerShardGrain>(new ShardKey("default-scheduler", s).ToString())).ToList();
        async Task<long> ScheduledAsync() => (await Task.WhenAll(shardGrains.Select(s => s.GetStatsAsync()))).Sum(s => s.Scheduled);

        // Warm-up, not measured.
        var warm = await CreateAndWaitAsync(api, name, InitNamespace, initCount, 0, ScheduledAsync, Stopwatch.StartNew(), cancellationToken);
        await Task.WhenAll(shardGrains.Select(s => s.TakeLatenciesAsync()));
        if (warm.Scheduled < initCount)
        {
            await output.WriteLineAsync($"{name,-14} warm-up: only {warm.Scheduled} of {initCount} init pods scheduled");
            return false;
        }

        var clock = Stopwatch.StartNew();
        var (createdAt, scheduled, last) = await CreateAndWaitAsync(api, name, Namespace, podCount, warm.Scheduled, ScheduledAsync, clock, cancellationToken);
        var latencies = (await Task.WhenAll(shardGrains.Select(s => s.TakeLatenciesAsync()))).SelectMany(l => l).Order().ToList();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        await output.WriteLineAsync(
            $"{name,-14} {nodeCount,6} nodes {podCount,7} pods ({initCount} init)  {shards} shard(s)  created in {createdAt.TotalSeconds,5:F1} s ({podCount / Math.Max(createdAt.TotalSeconds, 0.001),6:F0} pods/s)  " +
            $"scheduled {scheduled,7} in {last.TotalSeconds,5:F1} s  throughput {scheduled / Math.Max(last.TotalSeconds, 0.001),6:F0} pods/s (first create → last bind)  " +
            $"latency p50 {Percentile(0.5),7:F1} ms  p99 {Percentile(0.99),7:F1} ms");
        await host.StopAsync(CancellationToken.None);
        var throughput = scheduled / Math.Max(last.TotalSeconds, 0.001);
        await output.WriteLineAsync($"{name,-14} pure cycle {pure,8:F0} cycles/s at {nodeCount} nodes (one thread, no grains); end to end is {throughput / pure:P1} of it");
        return scheduled == podCount;
    }

    /// <summary>Creates the pods in batches of 250, four batches at a time, and polls the shards until all are bound (or five minutes pass).</summary>
    private static async Task<(TimeSpan CreatedAt, long Scheduled, TimeSpan Last)> CreateAndWaitAsync(
        IApiGrain api, string name, string ns, int count, long before, Func<Task<long>> scheduledAsync, Stopwatch clock, CancellationToken cancellationToken)
    {
        var creates = Parallel.ForEachAsync(Enumerable.Range(0, count).Chunk(250), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (batch, _) => await api.ApplyAsync([.. batch.Select(i => (KubeObject)Pod(name, ns, i))], ApplyMode.Create));
        var createdAt = TimeSpan.Zero;
        long scheduled = 0;
        while (scheduled < count && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(50, cancellationToken);
            if (creates.IsCompleted && createdAt == TimeSpan.Zero)
            {
                createdAt = clock.Elapsed;
            }

            scheduled = await scheduledAsync() - before;
        }

        var last = clock.Elapsed;
        await creates;
        return (createdAt == TimeSpan.Zero ? last : createdAt, scheduled, last);
    }

    internal static Pod Pod(string scenario, string ns, int i)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = $"pod-{i}", Namespace = ns, Labels = new() { ["app"] = "perf" } },
            Spec = new PodSpec
            {
                Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10", Resources = new() { Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") } } }],
            },
        };
        switch (scenario)
        {
            case "node-affinity":
                pod.Spec.Affinity = new Affinity
                {
                    NodeAffinity = new NodeAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                        {
                            NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "topology.kubernetes.io/zone", Operator = NodeSelectorOperator.In, Values = ["zone-a", "zone-b"] }] }],
                        },
                    },
                };
                break;
            case "anti-affinity":
                pod.Spec.Affinity = new Affinity
                {
                    PodAntiAffinity = new PodAntiAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "perf" } } }],
                    },
                };
                break;
        }

        return pod;
    }
}
