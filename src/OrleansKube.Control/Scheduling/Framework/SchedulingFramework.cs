namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// One scheduling cycle as kube-scheduler runs it: PreFilter once, Filter node by node (stopping once
/// enough feasible nodes are found), PreScore, Score, normalise to 0–100, weigh, and pick the best node with
/// a random tie-break. Not thread-safe: one instance per scheduler shard.
/// </summary>
public sealed class SchedulingFramework(SchedulerProfile profile, Random random)
{
    public const long MaxNodeScore = 100;
    private const int MinFeasibleNodesToFind = 100;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private int _nextStartNodeIndex;

    public SchedulerProfile Profile { get; } = profile;

    /// <summary>Upstream's <c>numFeasibleNodesToFind</c>: all nodes below 100; else a percentage (adaptive: 50 − n/125, at least 5).</summary>
    public static int NumFeasibleNodesToFind(int? percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }

        var percentage = percentageOfNodesToScore ?? 0;
        if (percentage <= 0)
        {
            percentage = Math.Max(50 - (numAllNodes / 125), MinFeasibleNodesPercentageToFind);
        }

        var numNodes = (int)((long)numAllNodes * Math.Min(percentage, 100) / 100);
        return Math.Max(numNodes, MinFeasibleNodesToFind);
    }

    /// <summary>
    /// One cycle. With <paramref name="rankAll"/> the result also lists every feasible node found, best first
    /// (the chosen one leading), for a sharded scheduler whose choice may be refused at admission.
    /// </summary>
    public ScheduleResult Schedule(PodInfo pod, ClusterSnapshot snapshot, bool rankAll = false)
    {
        var diagnosis = new Diagnosis { NodeCount = snapshot.Nodes.Count };
        if (RunPreFilters(pod, snapshot, diagnosis) is not { } state)
        {
            return new ScheduleResult(null, 0, 0, diagnosis);
        }

        // Upstream first tries the node the pod preempted room on.
        if (snapshot.NominatedNode(pod.Key) is { } nominated && snapshot.Get(nominated) is { } nominatedNode
            && RunFiltersWithNominatedPods(state, pod, nominatedNode, snapshot).IsSuccess)
        {
            return new ScheduleResult(nominated, 1, 1, diagnosis) { RankedNodes = rankAll ? [nominated] : null };
        }

        var feasible = FindFeasibleNodes(state, pod, snapshot, diagnosis, out var evaluated);
        if (feasible.Count == 0)
        {
            return new ScheduleResult(null, evaluated, 0, diagnosis);
        }

        if (feasible.Count == 1)
        {
            return new ScheduleResult(feasible[0].Name, evaluated, 1, diagnosis) { RankedNodes = rankAll ? [feasible[0].Name] : null };
        }

        var totals = ScoreNodes(state, pod, feasible, snapshot);
        var chosen = SelectHost(feasible, totals);
        return new ScheduleResult(chosen, evaluated, feasible.Count, diagnosis) { RankedNodes = rankAll ? Rank(feasible, totals, chosen) : null };
    }

    /// <summary>Runs the PostFilter plugins (preemption) for a pod that fit no node of <paramref name="snapshot"/>; null when the profile has none.</summary>
    public PostFilterResult? RunPostFilter(PodInfo pod, ClusterSnapshot snapshot)
    {
        foreach (var plugin in Profile.PostFilter)
        {
            var result = plugin.PostFilter(this, pod, snapshot);
            if (result.Candidate is not null || plugin == Profile.PostFilter[^1])
            {
                return result;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the PreFilter plugins and returns the cycle's state, or null when one rejected the pod outright
    /// (its message then goes into <paramref name="diagnosis"/>).
    /// </summary>
    public CycleState? RunPreFilters(PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis)
    {
        var state = new CycleState();
        foreach (var plugin in Profile.PreFilter)
        {
            var status = plugin.PreFilter(state, pod, snapshot);
            if (status.Code == StatusCode.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
            }
            else if (!status.IsSuccess)
            {
                diagnosis.PreFilterMessage = string.Join(", ", status.Reasons);
                return null;
            }
        }

        state.Filters = ActiveFilters(state);
        return state;
    }

    /// <summary>
    /// Upstream's two passes: with the pods nominated to the node that are at least as important (they must
    /// still fit after this one), then without them (this one must fit on what is really there).
    /// </summary>
    public Status RunFiltersWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var nominated = snapshot.NominatedPods(node.Name);
        if (nominated.Count > 0)
        {
            NodeInfo? withNominated = null;
            foreach (var other in nominated)
            {
                if (other.Key != pod.Key && other.Priority >= pod.Priority)
                {
                    (withNominated ??= node.Clone()).AddPod(other);
                }
            }

            if (withNominated is not null && RunFilters(state, pod, withNominated) is { IsSuccess: false } status)
            {
                return status;
            }
        }

        return RunFilters(state, pod, node);
    }

    /// <summary>Runs every filter plugin on one node; the first rejection wins (for preemption and tests).</summary>
    public Status RunFilters(CycleState state, PodInfo pod, NodeInfo node)
    {
        var filters = state.Filters ?? ActiveFilters(state);
        for (var i = 0; i < filters.Count; i++)
        {
            var plugin = filters[i];
            var status = plugin.Filter(state, pod, node);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    // Not inlined into RunFilters: a lambda capturing its parameter would cost an allocation on every call.
    private IReadOnlyList<IFilterPlugin> ActiveFilters(CycleState state) =>
        state.SkipFilterPlugins.Count == 0 ? Profile.Filter : [.. Profile.Filter.Where(p => !state.SkipFilterPlugins.Contains(p.Name))];

    private List<NodeInfo> FindFeasibleNodes(CycleState state, PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis, out int evaluated)
    {
        var nodes = snapshot.Nodes;
        var wanted = NumFeasibleNodesToFind(Profile.PercentageOfNodesToScore, nodes.Count);
        var feasible = new List<NodeInfo>(Math.Min(wanted, nodes.Count));
        evaluated = 0;
        if (nodes.Count == 0)
        {
            return feasible;
        }

        var start = _nextStartNodeIndex % nodes.Count;
        for (var i = 0; i < nodes.Count && feasible.Count < wanted; i++)
        {
            var node = nodes[(start + i) % nodes.Count];
            evaluated++;
            var status = RunFiltersWithNominatedPods(state, pod, node, snapshot);
            if (status.IsSuccess)
            {
                feasible.Add(node);
            }
            else
            {
                diagnosis.Record(status);
            }
        }

        _nextStartNodeIndex = (start + evaluated) % nodes.Count;
        return feasible;
    }

    private long[] ScoreNodes(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot)
    {
        foreach (var plugin in Profile.PreScore)
        {
            if (plugin.PreScore(state, pod, feasible, snapshot).Code == StatusCode.Skip)
            {
                state.SkipScorePlugins.Add(plugin.Name);
            }
        }

        var totals = new long[feasible.Count];
        var scores = new long[feasible.Count];
        foreach (var (plugin, weight) in Profile.Score)
        {
            if (state.SkipScorePlugins.Contains(plugin.Name))
            {
                continue;
            }

            for (var i = 0; i < feasible.Count; i++)
            {
                scores[i] = plugin.Score(state, pod, feasible[i]);
            }

            plugin.NormalizeScores(state, pod, feasible, scores);
            for (var i = 0; i < feasible.Count; i++)
            {
                totals[i] += Math.Clamp(scores[i], 0, MaxNodeScore) * weight;
            }
        }

        return totals;
    }

    private static List<string> Rank(List<NodeInfo> nodes, long[] totals, string chosen)
    {
        var order = Enumerable.Range(0, nodes.Count).Where(i => nodes[i].Name != chosen).OrderByDescending(i => totals[i]);
        return [chosen, .. order.Select(i => nodes[i].Name)];
    }

    /// <summary>The highest total; ties broken uniformly at random by reservoir sampling, as upstream's selectHost.</summary>
    private string SelectHost(List<NodeInfo> nodes, long[] totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return nodes[best].Name;
    }
}
