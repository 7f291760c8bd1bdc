using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.NodeAffinity;

/// <summary>
/// Filter: the pod's nodeSelector (every label) and its required node affinity (terms ORed, expressions ANDed).
/// Score: the sum of the weights of the preferred terms a node matches, normalised to 0–100.
/// </summary>
public sealed class NodeAffinityPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReason = "node(s) didn't match Pod's node affinity/selector";

    // Filters reject thousands of nodes per pod: the same status each time, not a new one.
    private static readonly Status Rejected = Status.Unresolvable(ErrReason).WithPlugin(PluginName);

    public string Name => PluginName;

    public static bool Matches(PodInfo pod, NodeInfo node)
    {
        if (pod.Pod.Spec.NodeSelector is { } nodeSelector)
        {
            foreach (var (key, value) in nodeSelector)
            {
                if (!node.Labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return pod.RequiredNodeAffinity?.Matches(node.Name, node.Labels) ?? true;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        Matches(pod, node) ? Status.Success : Rejected;

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long total = 0;
        foreach (var (term, weight) in pod.PreferredNodeAffinity)
        {
            if (term.Matches(node.Name, node.Labels))
            {
                total += weight;
            }
        }

        return total;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores) => ScoreNormalization.Default(scores, reverse: false);
}
