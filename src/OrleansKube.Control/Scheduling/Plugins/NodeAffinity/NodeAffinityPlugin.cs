using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling.Plugins.NodeAffinity;

/// <summary>
/// Filter: the pod's nodeSelector (every label) and its required node affinity (terms ORed, expressions ANDed).
/// Score: the sum of the weights of the preferred terms a node matches, normalised to 0–100.
/// </summary>
public sealed class NodeAffinityPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReason = "node(s) didn't match Pod's node affinity/selector";

    public string Name => PluginName;

    public static bool Matches(PodSpec spec, NodeInfo node)
    {
        foreach (var (key, value) in spec.NodeSelector ?? [])
        {
            if (!node.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || LabelSelectors.Matches(required, node.Name, node.Labels);
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        Matches(pod.Pod.Spec, node) ? Status.Success : Status.Unresolvable(ErrReason);

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long total = 0;
        foreach (var term in pod.Pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
        {
            if (term.Weight != 0 && LabelSelectors.Matches(term.Preference, node.Name, node.Labels))
            {
                total += term.Weight;
            }
        }

        return total;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) => ScoreNormalization.Default(scores, reverse: false);
}
