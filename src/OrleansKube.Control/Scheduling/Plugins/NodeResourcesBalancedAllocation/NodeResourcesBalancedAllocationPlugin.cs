using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;

namespace OrleansKube.Control.Scheduling.Plugins.NodeResourcesBalancedAllocation;

/// <summary>Prefers nodes whose cpu and memory would be used in equal fractions: score = (1 − standard deviation) × 100.</summary>
public sealed class NodeResourcesBalancedAllocationPlugin : IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    private static readonly string[] Resources = [ResourceNames.Cpu, ResourceNames.Memory];

    public string Name => PluginName;

    /// <summary>A pod that requests none of the balanced resources is not scored by this plugin (upstream's Skip).</summary>
    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        foreach (var name in Resources)
        {
            if (pod.Requests.Get(name) != 0)
            {
                return Status.Success;
            }
        }

        return Status.Skip;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        Span<double> fractions = stackalloc double[Resources.Length];
        var count = 0;
        foreach (var name in Resources)
        {
            var (allocatable, requested) = NodeResourcesFitPlugin.AllocatableAndRequested(node, pod, name, nonZero: false);
            if (allocatable > 0)
            {
                fractions[count++] = Math.Min(1.0, (double)requested / allocatable);
            }
        }

        double std = 0;
        if (count == 2)
        {
            std = Math.Abs((fractions[0] - fractions[1]) / 2);
        }
        else if (count > 2)
        {
            var mean = 0.0;
            for (var i = 0; i < count; i++)
            {
                mean += fractions[i] / count;
            }

            var variance = 0.0;
            for (var i = 0; i < count; i++)
            {
                variance += (fractions[i] - mean) * (fractions[i] - mean);
            }

            std = Math.Sqrt(variance / count);
        }

        return (long)((1 - std) * SchedulingFramework.MaxNodeScore);
    }
}
