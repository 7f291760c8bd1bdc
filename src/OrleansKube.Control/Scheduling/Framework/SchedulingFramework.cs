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

    private readonly CycleState _state = new();
    private readonly List<NodeInfo> _feasible = [];
    private readonly Dictionary<ulong, IFilterPlugin[]> _filtersBySkipped = [];
    private long[] _totals = [];
    private long[] _scores = [];
    private int[] _order = [];
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
    /// <remarks>
    /// The cycle's state, the feasible list and the score arrays are the framework's own, cleared and reused
    /// by every cycle: a cycle at thousands of nodes then allocates only what it returns and what plugins keep
    /// per pod, not arrays the size of the cluster.
    /// </remarks>
    public ScheduleResult Schedule(PodInfo pod, ClusterSnapshot snapshot, bool rankAll = false)
    {
        var diagnosis = new Diagnosis { NodeCount = snapshot.Nodes.Count };
        _state.Clear();
        if (!RunPreFilters(_state, pod, snapshot, diagnosis))
        {
            return new ScheduleResult(null, 0, 0, diagnosis);
        }

        var state = _state;

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
            var only = feasible[0].Name;
            feasible.Clear();
            return new ScheduleResult(only, evaluated, 1, diagnosis) { RankedNodes = rankAll ? [only] : null };
        }

        var totals = ScoreNodes(state, pod, feasible, snapshot);
        var best = SelectHost(totals);
        var result = new ScheduleResult(feasible[best].Name, evaluated, feasible.Count, diagnosis) { RankedNodes = rankAll ? Rank(feasible, totals, best) : null };

        // The nodes are not kept past the cycle (a node removed from the snapshot may go).
        feasible.Clear();
        return result;
    }

    /// <summary>Runs the PostFilter plugins (preemption) for a pod that fit no node of <paramref name="snapshot"/>; null when the profile has none.</summary>
    public PostFilterResult? RunPostFilter(PodInfo pod, ClusterSnapshot snapshot)
    {
        var plugins = Profile.PostFilter;
        for (var i = 0; i < plugins.Count; i++)
        {
            var result = plugins[i].PostFilter(this, pod, snapshot);
            if (result.Candidate is not null || i == plugins.Count - 1)
            {
                return result;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the PreFilter plugins and returns a new cycle state (for preemption and admission, which keep it
    /// while they filter), or null when one rejected the pod outright (its message then goes into <paramref name="diagnosis"/>).
    /// </summary>
    public CycleState? RunPreFilters(PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis)
    {
        var state = new CycleState();
        return RunPreFilters(state, pod, snapshot, diagnosis) ? state : null;
    }

    private bool RunPreFilters(CycleState state, PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis)
    {
        var plugins = Profile.PreFilter;
        for (var i = 0; i < plugins.Count; i++)
        {
            var plugin = plugins[i];
            var status = plugin.PreFilter(state, pod, snapshot);
            if (status.Code == StatusCode.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
            }
            else if (!status.IsSuccess)
            {
                diagnosis.PreFilterMessage = string.Join(", ", status.Reasons);
                return false;
            }
        }

        state.Filters = ActiveFilters(state);
        return true;
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
            for (var i = 0; i < nominated.Count; i++)
            {
                var other = nominated[i];
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

    /// <summary>The profile's filters less those whose PreFilter said Skip: one list per set of skipped plugins, made once.</summary>
    private IReadOnlyList<IFilterPlugin> ActiveFilters(CycleState state)
    {
        var all = Profile.Filter;
        if (state.SkipFilterPlugins.Count == 0 || all.Count > 64)
        {
            return state.SkipFilterPlugins.Count == 0 ? all : Without(all, state.SkipFilterPlugins);
        }

        ulong skipped = 0;
        for (var i = 0; i < all.Count; i++)
        {
            if (state.SkipFilterPlugins.Contains(all[i].Name))
            {
                skipped |= 1UL << i;
            }
        }

        if (!_filtersBySkipped.TryGetValue(skipped, out var filters))
        {
            _filtersBySkipped[skipped] = filters = Without(all, state.SkipFilterPlugins);
        }

        return filters;

        static IFilterPlugin[] Without(IReadOnlyList<IFilterPlugin> all, HashSet<string> skipped)
        {
            var kept = new List<IFilterPlugin>(all.Count);
            for (var i = 0; i < all.Count; i++)
            {
                if (!skipped.Contains(all[i].Name))
                {
                    kept.Add(all[i]);
                }
            }

            return [.. kept];
        }
    }

    private List<NodeInfo> FindFeasibleNodes(CycleState state, PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis, out int evaluated)
    {
        var nodes = snapshot.Nodes;
        var wanted = NumFeasibleNodesToFind(Profile.PercentageOfNodesToScore, nodes.Count);
        var feasible = _feasible;
        feasible.Clear();
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

    /// <summary>Each feasible node's weighted total (a span over the framework's buffer, valid until the next cycle).</summary>
    private Span<long> ScoreNodes(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot)
    {
        var preScore = Profile.PreScore;
        for (var i = 0; i < preScore.Count; i++)
        {
            if (preScore[i].PreScore(state, pod, feasible, snapshot).Code == StatusCode.Skip)
            {
                state.SkipScorePlugins.Add(preScore[i].Name);
            }
        }

        if (_totals.Length < feasible.Count)
        {
            _totals = new long[Math.Max(feasible.Count, _totals.Length * 2)];
            _scores = new long[_totals.Length];
        }

        var totals = _totals.AsSpan(0, feasible.Count);
        var scores = _scores.AsSpan(0, feasible.Count);
        totals.Clear();
        var plugins = Profile.Score;
        for (var p = 0; p < plugins.Count; p++)
        {
            var (plugin, weight) = plugins[p];
            if (state.SkipScorePlugins.Contains(plugin.Name))
            {
                continue;
            }

            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = plugin.Score(state, pod, feasible[i]);
            }

            plugin.NormalizeScores(state, pod, feasible, scores);
            for (var i = 0; i < scores.Length; i++)
            {
                totals[i] += Math.Clamp(scores[i], 0, MaxNodeScore) * weight;
            }
        }

        return totals;
    }

    /// <summary>The chosen node, then the others by total, highest first (equal totals in the order they were found).</summary>
    private List<string> Rank(List<NodeInfo> nodes, Span<long> totals, int chosen)
    {
        if (_order.Length < nodes.Count)
        {
            _order = new int[Math.Max(nodes.Count, _order.Length * 2)];
        }

        var order = _order.AsSpan(0, nodes.Count - 1);
        for (int i = 0, o = 0; i < nodes.Count; i++)
        {
            if (i != chosen)
            {
                order[o++] = i;
            }
        }

        order.Sort(new ByTotalDescending(_totals));
        var ranked = new List<string>(nodes.Count) { nodes[chosen].Name };
        foreach (var i in order)
        {
            ranked.Add(nodes[i].Name);
        }

        return ranked;
    }

    /// <summary>The highest total; ties broken uniformly at random by reservoir sampling, as upstream's selectHost.</summary>
    private int SelectHost(Span<long> totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < totals.Length; i++)
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

        return best;
    }

    /// <summary>Orders node indexes by total, highest first, then by index: the stable order LINQ's OrderByDescending gave.</summary>
    private readonly struct ByTotalDescending(long[] totals) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byTotal = totals[y].CompareTo(totals[x]);
            return byTotal != 0 ? byTotal : x.CompareTo(y);
        }
    }
}
