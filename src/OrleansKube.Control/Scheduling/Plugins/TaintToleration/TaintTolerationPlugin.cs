using System.Runtime.CompilerServices;
using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.TaintToleration;

/// <summary>
/// Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out.
/// Score: fewer untolerated PreferNoSchedule taints is better.
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "TaintToleration";
    private const string StateKey = PluginName + "/preferNoSchedule";

    // A tainted node rejects every pod that does not tolerate it: one status per taint, not one per node and pod.
    private static readonly ConditionalWeakTable<Taint, Status> Rejections = new();

    public string Name => PluginName;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Tolerations.ToleratesAll(pod.Pod.Spec.Tolerations, taint))
            {
                return Rejections.GetValue(taint, static t => Status.Unresolvable($"node(s) had untolerated taint {Tolerations.Describe(t)}").WithPlugin(PluginName));
            }
        }

        return Status.Success;
    }

    /// <summary>Only tolerations that could match PreferNoSchedule count when scoring, as upstream; picked once per pod.</summary>
    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        // None written for a pod without tolerations (most): Score reads none as tolerating nothing.
        if (pod.Pod.Spec.Tolerations is { Count: > 0 } tolerations)
        {
            state.Write(StateKey, tolerations.Where(t => t.Effect is null or TaintEffect.PreferNoSchedule).ToList());
        }

        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Taints.Length == 0)
        {
            return 0;
        }

        var tolerations = state.Read<List<Toleration>>(StateKey);
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

    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores) => ScoreNormalization.Default(scores, reverse: true);
}
