using BenchmarkDotNet.Attributes;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;
using OrleansKube.Model.Resources;

namespace OrleansKube.Benchmarks;

/// <summary>
/// One scheduling cycle (PreFilter, Filter, Score, select) of the default profile on a cluster already half
/// full: 10 pods per node, three zones. Plugin sets as the load test's cases: resource fit only, required node
/// affinity, and required pod anti-affinity on hostname (half the nodes already hold a matching pod); and, as in the
/// density load test, a ReplicaSet's pod on nodes whose pods belong to ReplicaSets of 100 replicas each and which all
/// hold the pod's image (system-default topology spreading and image locality score every feasible node).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SchedulingCycleBenchmarks
{
    private static readonly string[] Zones = ["zone-a", "zone-b", "zone-c"];

    private SchedulingFramework _framework = null!;
    private ClusterSnapshot _snapshot = null!;
    private PodInfo _pod = null!;

    [Params(1_000, 5_000, 15_000)]
    public int Nodes { get; set; }

    [Params("resource-fit", "node-affinity", "anti-affinity", "replicaset")]
    public string Case { get; set; } = "resource-fit";

    [GlobalSetup]
    public void Setup()
    {
        _framework = new SchedulingFramework(PluginRegistry.DefaultProfile(), new Random(1));
        _snapshot = new ClusterSnapshot();
        for (var n = 0; n < Nodes; n++)
        {
            var name = $"node-{n}";
            var node = _snapshot.AddOrUpdateNode(new Node
            {
                Metadata = new ObjectMeta { Name = name, Labels = new() { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = Zones[n % Zones.Length] } },
                Status = new NodeStatus
                {
                    Allocatable = new() { ["cpu"] = Quantity.Parse("32"), ["memory"] = Quantity.Parse("128Gi"), ["pods"] = Quantity.Parse("110") },
                    Images = [new ContainerImage { Names = ["registry.k8s.io/pause:3.10"], SizeBytes = 300_000 }],
                },
            });
            for (var p = 0; p < 10; p++)
            {
                // ReplicaSets of 100 replicas, their pods spread over the nodes (controller i's on nodes i, i+k, ...).
                var filler = Pod($"filler-{n}-{p}", "filler");
                if (Case == "replicaset")
                {
                    filler.Metadata.OwnerReferences = [Owner(((n * 10) + p) % Math.Max(1, Nodes / 10))];
                }

                node.AddPod(new PodInfo(filler));
            }

            if (Case == "anti-affinity" && n % 2 == 0)
            {
                node.AddPod(new PodInfo(Pod($"placed-{n}", Case)));
            }
        }

        var incoming = Pod("incoming", Case);
        if (Case == "replicaset")
        {
            incoming.Metadata.OwnerReferences = [Owner(Nodes / 20)];
        }

        _pod = new PodInfo(incoming);
    }

    private static OwnerReference Owner(int replicaSet) =>
        new() { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = $"rs-{replicaSet}", Uid = $"00000000-0000-0000-0000-{replicaSet:D12}", Controller = true };

    [Benchmark]
    public string? ScheduleOnePod() => _framework.Schedule(_pod, _snapshot).NodeName;

    private static Pod Pod(string name, string scenario)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "bench", Labels = new() { ["app"] = scenario } },
            Spec = new PodSpec
            {
                Containers = [new Container { Name = "c", Image = "registry.k8s.io/pause:3.10", Resources = new() { Requests = new() { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("500Mi") } } }],
            },
        };
        if (scenario == "node-affinity")
        {
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
        }
        else if (scenario == "anti-affinity")
        {
            pod.Spec.Affinity = new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = scenario } } }],
                },
            };
        }

        return pod;
    }
}
