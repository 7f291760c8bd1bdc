using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.SelectorSpread;

/// <summary>
/// The classic spreading priority: fewer pods of the same controller on a node (and, weighted 2/3, in its
/// zone) is better. Upstream retired it in favour of PodTopologySpread's defaults; it stays available by name.
/// </summary>
public sealed class SelectorSpreadPlugin : IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "SelectorSpread";
    private const double ZoneWeighting = 2.0 / 3.0;
    private const string StateKey = PluginName + "/owner";

    public string Name => PluginName;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        var owner = pod.Pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner is null)
        {
            return Status.Skip;
        }

        state.Write(StateKey, owner);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var owner = state.Read<OwnerReference>(StateKey);
        long count = 0;
        foreach (var existing in node.Pods)
        {
            if (existing.Pod.Metadata.Namespace == pod.Pod.Metadata.Namespace
                && existing.Pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == owner?.Uid) == true)
            {
                count++;
            }
        }

        return count;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
        long maxByNode = 0;
        foreach (var score in scores)
        {
            maxByNode = Math.Max(maxByNode, score);
        }

        var byZone = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (Zone(nodes[i]) is { } zone)
            {
                byZone[zone] = byZone.GetValueOrDefault(zone) + scores[i];
            }
        }

        var maxByZone = byZone.Count == 0 ? 0 : byZone.Values.Max();
        for (var i = 0; i < scores.Length; i++)
        {
            double score = SchedulingFramework.MaxNodeScore;
            if (maxByNode > 0)
            {
                score = SchedulingFramework.MaxNodeScore * (double)(maxByNode - scores[i]) / maxByNode;
            }

            if (byZone.Count > 0 && Zone(nodes[i]) is { } zone)
            {
                double zoneScore = SchedulingFramework.MaxNodeScore;
                if (maxByZone > 0)
                {
                    zoneScore = SchedulingFramework.MaxNodeScore * (double)(maxByZone - byZone[zone]) / maxByZone;
                }

                score = (score * (1.0 - ZoneWeighting)) + (ZoneWeighting * zoneScore);
            }

            scores[i] = (long)score;
        }
    }

    private static string? Zone(NodeInfo node) =>
        node.Labels.TryGetValue("topology.kubernetes.io/zone", out var zone) ? zone
        : node.Labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out var legacy) ? legacy : null;
}
