using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.TaintToleration;

/// <summary>
/// Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out.
/// Score: fewer untolerated PreferNoSchedule taints is better.
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "TaintToleration";

    public string Name => PluginName;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Tolerations.ToleratesAll(pod.Pod.Spec.Tolerations, taint))
            {
                return Status.Unresolvable($"node(s) had untolerated taint {Tolerations.Describe(taint)}");
            }
        }

        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        // Only tolerations that could match PreferNoSchedule count here, as upstream.
        var tolerations = pod.Pod.Spec.Tolerations?.Where(t => t.Effect is null or TaintEffect.PreferNoSchedule).ToList();
        long count = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect == TaintEffect.PreferNoSchedule && !Tolerations.ToleratesAll(tolerations, taint))
            {
                count++;
            }
        }

        return count;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) => ScoreNormalization.Default(scores, reverse: true);
}
