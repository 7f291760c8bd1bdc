using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.InterPodAffinity;

/// <summary>
/// Required and preferred pod affinity and anti-affinity over topology domains, both ways: the incoming
/// pod's rules against pods already placed, and placed pods' rules against the incoming pod (symmetry).
/// </summary>
public sealed class InterPodAffinityPlugin(int hardPodAffinityWeight = 1) : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "InterPodAffinity";
    public const string ErrReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinity = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";

    private const string FilterKey = PluginName + "/filter";
    private const string ScoreKey = PluginName + "/score";

    // Filters reject thousands of nodes per pod: the same status each time, not a new one.
    private static readonly Status AffinityRejected = Status.Unresolvable(ErrReasonAffinity).WithPlugin(PluginName);
    private static readonly Status AntiAffinityRejected = Status.Unschedulable(ErrReasonAntiAffinity).WithPlugin(PluginName);
    private static readonly Status ExistingAntiAffinityRejected = Status.Unschedulable(ErrReasonExistingAntiAffinity).WithPlugin(PluginName);

    public string Name => PluginName;

    /// <remarks>
    /// Terms over <c>kubernetes.io/hostname</c>, when every node's hostname label is its own, have a domain of
    /// one node: they are checked in Filter against that node's pods alone instead of being counted here for
    /// every node (the same verdicts, without a pass over the whole cluster per pod).
    /// </remarks>
    public Status PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var hasTerms = pod.RequiredAffinityTerms.Length + pod.RequiredAntiAffinityTerms.Length > 0;
        if (!hasTerms && snapshot.NodesWithRequiredAntiAffinityPods.Count == 0)
        {
            return Status.Skip; // nothing to count: skipped before making the counts, as most pods are
        }

        var counts = new FilterCounts { NodeLocalHostname = snapshot.HostnamesAreUnique, NamespaceLabels = snapshot.NamespaceLabels };
        var namespaces = snapshot.NamespaceLabels;

        // Symmetry: only nodes holding a pod with required anti-affinity can repel this one.
        foreach (var node in snapshot.NodesWithRequiredAntiAffinityPods)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                foreach (var term in existing.RequiredAntiAffinityTerms)
                {
                    if (counts.IsNodeLocal(term))
                    {
                        counts.HasNodeLocalHolders = true;
                    }
                    else if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(pod.Pod, namespaces))
                    {
                        counts.ExistingAntiAffinity.Increment((term.TopologyKey, value));
                    }
                }
            }
        }

        if (hasTerms)
        {
            foreach (var node in snapshot.Nodes)
            {
                CountOnNode(pod.RequiredAffinityTerms, node, counts.Affinity, namespaces, null);
                CountOnNode(pod.RequiredAntiAffinityTerms, node, counts.AntiAffinity, namespaces, counts);
            }
        }

        if (counts.ExistingAntiAffinity.Count == 0 && !counts.HasNodeLocalHolders && !hasTerms)
        {
            return Status.Skip;
        }

        state.Write(FilterKey, counts);
        return Status.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var counts = state.Read<FilterCounts>(FilterKey);
        if (counts is null)
        {
            return Status.Success;
        }

        if (!SatisfiesPodAffinity(counts, pod, node, state))
        {
            return AffinityRejected;
        }

        foreach (var term in pod.RequiredAntiAffinityTerms)
        {
            if (counts.IsNodeLocal(term) ? CountPods(term, node, counts.NamespaceLabels) > 0
                : node.Labels.TryGetValue(term.TopologyKey, out var value) && counts.AntiAffinity.GetValueOrDefault((term.TopologyKey, value)) > 0)
            {
                return AntiAffinityRejected;
            }
        }

        if (counts.ExistingAntiAffinity.Count > 0)
        {
            foreach (var (key, value) in node.Labels)
            {
                if (counts.ExistingAntiAffinity.GetValueOrDefault((key, value)) > 0)
                {
                    return ExistingAntiAffinityRejected;
                }
            }
        }

        if (counts.HasNodeLocalHolders)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                foreach (var term in existing.RequiredAntiAffinityTerms)
                {
                    if (counts.IsNodeLocal(term) && node.Labels.ContainsKey(term.TopologyKey) && term.Matches(pod.Pod, counts.NamespaceLabels))
                    {
                        return ExistingAntiAffinityRejected;
                    }
                }
            }
        }

        return Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        var hasPreferred = pod.PreferredAffinityTerms.Length + pod.PreferredAntiAffinityTerms.Length > 0;
        if (!hasPreferred && snapshot.NodesWithScoringPods.Count == 0)
        {
            return Status.Skip; // no term anywhere could score this pod
        }

        var scores = new Dictionary<(string Key, string Value), long>();
        var namespaces = snapshot.NamespaceLabels;
        // Without preferred terms of its own, only pods with terms of theirs can score this one.
        foreach (var node in hasPreferred ? snapshot.Nodes : snapshot.NodesWithScoringPods)
        {
            IEnumerable<PodInfo> candidates = hasPreferred ? node.Pods : node.PodsWithScoringTerms;
            foreach (var existing in candidates)
            {
                Add(pod.PreferredAffinityTerms, existing.Pod, node, scores, +1, namespaces);
                Add(pod.PreferredAntiAffinityTerms, existing.Pod, node, scores, -1, namespaces);
                if (hardPodAffinityWeight > 0)
                {
                    foreach (var term in existing.RequiredAffinityTerms)
                    {
                        if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(pod.Pod, namespaces))
                        {
                            scores[(term.TopologyKey, value)] = scores.GetValueOrDefault((term.TopologyKey, value)) + hardPodAffinityWeight;
                        }
                    }
                }

                Add(existing.PreferredAffinityTerms, pod.Pod, node, scores, +1, namespaces);
                Add(existing.PreferredAntiAffinityTerms, pod.Pod, node, scores, -1, namespaces);
            }
        }

        if (scores.Count == 0)
        {
            return Status.Skip;
        }

        var byKey = scores.GroupBy(s => s.Key.Key).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key.Value, s => s.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        state.Write(ScoreKey, new TopologyScores(byKey));
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var scores = state.Read<TopologyScores>(ScoreKey);
        long total = 0;
        foreach (var (key, values) in scores?.ByKey ?? [])
        {
            if (node.Labels.TryGetValue(key, out var value))
            {
                total += values.GetValueOrDefault(value);
            }
        }

        return total;
    }

    /// <summary>Min-max scaling to 0–100 (scores can be negative).</summary>
    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
        if (scores.Length == 0)
        {
            return;
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (var score in scores)
        {
            min = Math.Min(min, score);
            max = Math.Max(max, score);
        }

        var diff = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = diff > 0 ? (long)(SchedulingFramework.MaxNodeScore * ((double)(scores[i] - min) / diff)) : 0;
        }
    }

    private static bool SatisfiesPodAffinity(FilterCounts counts, PodInfo pod, NodeInfo node, CycleState state)
    {
        var podsExist = true;
        foreach (var term in pod.RequiredAffinityTerms)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false; // every topology key must be on the node
            }

            if (counts.Affinity.GetValueOrDefault((term.TopologyKey, value)) <= 0)
            {
                podsExist = false;
            }
        }

        // The first pod of a group with affinity to itself: nothing matches anywhere yet, but it matches its own terms.
        return podsExist || (counts.Affinity.Count == 0 && MatchesOwnTerms(pod));
    }

    // A loop, not All(lambda): a lambda over the pod would make SatisfiesPodAffinity allocate its closure on every node.
    private static bool MatchesOwnTerms(PodInfo pod)
    {
        foreach (var term in pod.RequiredAffinityTerms)
        {
            if (!term.Matches(pod.Pod, null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds how many of the node's pods each term selects to its topology domain's count (node-local terms are left to Filter).</summary>
    private static void CountOnNode(AffinityTerm[] terms, NodeInfo node, Dictionary<(string, string), int> counts, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaces, FilterCounts? nodeLocal)
    {
        foreach (var term in terms)
        {
            if (nodeLocal?.IsNodeLocal(term) == true || !node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                continue;
            }

            var matching = CountPods(term, node, namespaces);
            if (matching > 0)
            {
                counts.Increment((term.TopologyKey, value), matching);
            }
        }
    }

    /// <summary>How many of the node's pods the term selects: from the node's label counts when it can, else pod by pod.</summary>
    private static int CountPods(AffinityTerm term, NodeInfo node, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaces)
    {
        if (term.CountOn(node) is { } counted)
        {
            return counted;
        }

        var matching = 0;
        foreach (var existing in node.Pods)
        {
            if (term.Matches(existing.Pod, namespaces))
            {
                matching++;
            }
        }

        return matching;
    }

    private static void Add(AffinityTerm[] terms, Pod target, NodeInfo node, Dictionary<(string Key, string Value), long> scores, int sign, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaces)
    {
        foreach (var term in terms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(target, namespaces))
            {
                scores[(term.TopologyKey, value)] = scores.GetValueOrDefault((term.TopologyKey, value)) + (sign * term.Weight);
            }
        }
    }

    private sealed class FilterCounts
    {
        /// <summary>Every node has its own hostname label value, so a hostname domain is one node.</summary>
        public bool NodeLocalHostname { get; init; }

        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

        /// <summary>Placed pods hold required anti-affinity terms over hostname (checked per node in Filter).</summary>
        public bool HasNodeLocalHolders { get; set; }

        public bool IsNodeLocal(AffinityTerm term) => NodeLocalHostname && term.TopologyKey == ClusterSnapshot.HostnameLabel;

        public Dictionary<(string, string), int> ExistingAntiAffinity { get; } = [];

        public Dictionary<(string, string), int> Affinity { get; } = [];

        public Dictionary<(string, string), int> AntiAffinity { get; } = [];
    }

    private sealed record TopologyScores(Dictionary<string, Dictionary<string, long>> ByKey);
}
