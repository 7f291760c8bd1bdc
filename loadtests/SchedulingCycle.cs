using System.Diagnostics;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;
using OrleansKube.Model.Resources;

namespace OrleansKube.LoadTests;

/// <summary>
/// The pure scheduling cycle's rate (PreFilter, Filter, Score, select; no grains), timed in this process next to the
/// end-to-end scheduler benchmark so the two compare on the same machine at the same moment. Its cluster is that of
/// benchmarks/SchedulingCycleBenchmarks (BenchmarkDotNet): nodes already holding 10 pods each, three zones, and for
/// anti-affinity a matching pod on every other node.
/// </summary>
public sealed class SchedulingCycle
{
    private static readonly string[] Zones = ["zone-a", "zone-b", "zone-c"];
    private readonly SchedulingFramework _framework;
    private readonly ClusterSnapshot _snapshot;
    private readonly PodInfo _pod;

    private SchedulingCycle(SchedulingFramework framework, ClusterSnapshot snapshot, PodInfo pod) => (_framework, _snapshot, _pod) = (framework, snapshot, pod);

    /// <summary>The cluster of <paramref name="nodes"/> nodes and the pod of the benchmark's case <paramref name="scenario"/>.</summary>
    public static SchedulingCycle For(string scenario, int nodes)
    {
        var framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(1));
        var snapshot = new ClusterSnapshot();
        for (var n = 0; n < nodes; n++)
        {
            var name = $"node-{n}";
            var node = snapshot.AddOrUpdateNode(new Node
            {
                Metadata = new ObjectMeta { Name = name, Labels = new() { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = Zones[n % Zones.Length] } },
                Status = new NodeStatus { Allocatable = new() { ["cpu"] = Quantity.Parse("32"), ["memory"] = Quantity.Parse("128Gi"), ["pods"] = Quantity.Parse("110") } },
            });
            for (var p = 0; p < 10; p++)
            {
                var filler = SchedulerBenchmark.Pod("resource-fit", "bench", (n * 11) + p);
                filler.Metadata.Labels = new() { ["app"] = "filler" }; // not the benchmark's pods: no anti-affinity with them
                node.AddPod(new PodInfo(filler));
            }

            if (scenario == "anti-affinity" && n % 2 == 0)
            {
                node.AddPod(new PodInfo(SchedulerBenchmark.Pod(scenario, "bench", (n * 11) + 10)));
            }
        }

        return new SchedulingCycle(framework, snapshot, new PodInfo(SchedulerBenchmark.Pod(scenario, "bench", -1)));
    }

    /// <summary>One cycle: the node the pod would go to (the snapshot is left as it was), or null.</summary>
    public string? ScheduleOnce() => _framework.Schedule(_pod, _snapshot).NodeName;

    /// <summary>Cycles per second of one thread scheduling the pod again and again for about <paramref name="duration"/>.</summary>
    public double CyclesPerSecond(TimeSpan duration)
    {
        for (var i = 0; i < 20; i++)
        {
            ScheduleOnce();
        }

        var clock = Stopwatch.StartNew();
        var cycles = 0;
        while (clock.Elapsed < duration)
        {
            ScheduleOnce();
            cycles++;
        }

        return cycles / clock.Elapsed.TotalSeconds;
    }
}
