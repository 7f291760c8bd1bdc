using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.NodeAffinity;

namespace OrleansKube.Control.Scheduling.Plugins.PodTopologySpread;

/// <summary>
/// Keeps matching pods evenly spread over topology domains. DoNotSchedule constraints filter nodes whose
/// domain would exceed maxSkew; ScheduleAnyway constraints score. A pod with no constraints of its own gets
/// upstream's system defaults (zone maxSkew 5, hostname maxSkew 3, ScheduleAnyway) over the pods of its
/// controller, when it has one.
/// </summary>
public sealed class PodTopologySpreadPlugin(bool systemDefaults = true) : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "PodTopologySpread";
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";
    public const string HostnameKey = ClusterSnapshot.HostnameLabel;
    public const string ZoneKey = ClusterSnapshot.ZoneLabel;

    private const int RecentDomains = 8;

    private const string FilterKey = PluginName + "/filter";
    private const string ScoreKey = PluginName + "/score";

    // Filters reject thousands of nodes per pod: the same status each time, not a new one.
    private static readonly Status NodeLabelRejected = Status.Unresolvable(ErrReasonNodeLabelNotMatch).WithPlugin(PluginName);
    private static readonly Status ConstraintsRejected = Status.Unschedulable(ErrReasonConstraintsNotMatch).WithPlugin(PluginName);

    // Shared by every pod without constraints; never changed.
    private static readonly List<SpreadConstraint> NoConstraints = [];

    // The system defaults of the last controller seen, replaced whole, never changed.
    private SystemDefaults? _lastDefaults;

    public string Name => PluginName;

    public Status PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var constraints = Constraints(pod.Pod, UnsatisfiableConstraintAction.DoNotSchedule);
        if (constraints.Count == 0)
        {
            return Status.Skip;
        }

        var counts = new Dictionary<(string, string), int>();
        foreach (var node in snapshot.Nodes)
        {
            if (!Eligible(constraints, pod, node))
            {
                continue;
            }

            foreach (var constraint in constraints)
            {
                counts.Increment((constraint.TopologyKey, node.LabelValue(constraint.TopologyKey)!), CountMatching(constraint, pod, node));
            }
        }

        var minMatches = constraints.Select(c =>
        {
            var domains = counts.Where(p => p.Key.Item1 == c.TopologyKey).Select(p => p.Value).ToList();
            return domains.Count == 0 || (c.MinDomains is { } minDomains && domains.Count < minDomains) ? 0 : domains.Min();
        }).ToArray();
        state.Write(FilterKey, new FilterState(constraints, counts, minMatches));
        return Status.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var filter = state.Read<FilterState>(FilterKey);
        if (filter is null)
        {
            return Status.Success;
        }

        for (var i = 0; i < filter.Constraints.Count; i++)
        {
            var constraint = filter.Constraints[i];
            if (node.LabelValue(constraint.TopologyKey) is not { } value)
            {
                return NodeLabelRejected;
            }

            var selfMatch = constraint.Counts(pod.Pod) ? 1 : 0;
            var skew = filter.Counts.GetValueOrDefault((constraint.TopologyKey, value)) + selfMatch - filter.MinMatches[i];
            if (skew > constraint.MaxSkew)
            {
                return ConstraintsRejected;
            }
        }

        return Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes, ClusterSnapshot snapshot)
    {
        var constraints = Constraints(pod.Pod, UnsatisfiableConstraintAction.ScheduleAnyway);
        if (constraints.Count == 0)
        {
            return Status.Skip;
        }

        HashSet<string>? ignored = null;

        // Matching pods per domain (a topology key's value), one table per topology key: constraints over the same key
        // share their domains, as upstream's topology pairs; a node's domain is then found by its value alone.
        var domainCounts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var zonal = constraints.Where(c => c.TopologyKey != HostnameKey).ToArray();
        var zonalDomains = Array.ConvertAll(zonal, c => DomainsOf(domainCounts, c.TopologyKey));

        // The values added so far, up to RecentDomains per constraint: nodes of a zone share its string (NodeInfo interns
        // it), so most nodes find theirs by reference among the few zones, without hashing the value per node.
        var recent = zonal.Length == 0 ? [] : new string?[zonal.Length * RecentDomains];
        foreach (var node in feasibleNodes)
        {
            if (!HasTopologyLabels(constraints, node))
            {
                (ignored ??= new HashSet<string>(StringComparer.Ordinal)).Add(node.Name);
                continue;
            }

            for (var i = 0; i < zonal.Length; i++)
            {
                var value = node.LabelValue(zonal[i].TopologyKey)!;
                var seen = recent.AsSpan(i * RecentDomains, RecentDomains);
                var slot = 0;
                while (slot < seen.Length && seen[slot] is { } added && !ReferenceEquals(added, value))
                {
                    slot++;
                }

                if (slot == seen.Length || seen[slot] is null)
                {
                    zonalDomains[i].TryAdd(value, 0);
                    if (slot < seen.Length)
                    {
                        seen[slot] = value;
                    }
                }
            }
        }

        if (zonal.Length > 0 && zonalDomains.Any(d => d.Count > 0))
        {
            // Count matching pods in the feasible nodes' domains, over every eligible node of the snapshot. System
            // defaults count one controller's pods: only the nodes holding one of them can add anything.
            var uid = constraints[0].ControllerUid;
            if (uid is not null && CountedByZone(constraints, uid, pod))
            {
                // The snapshot keeps these counts per zone as pods come and go: no pass over the nodes.
                foreach (var zones in domainCounts.Values)
                {
                    foreach (var zone in zones.Keys.ToArray())
                    {
                        zones[zone] = snapshot.ControllerPodsInZone(uid, zone);
                    }
                }

                return Scored(state, constraints, domainCounts, feasibleNodes.Count - (ignored?.Count ?? 0), ignored, snapshot);
            }

            var counted = uid is not null && constraints.All(c => c.ControllerUid == uid) ? snapshot.NodesWithControllerPods(uid) : (IEnumerable<NodeInfo>)snapshot.Nodes;
            foreach (var node in counted)
            {
                if (!Eligible(constraints, pod, node))
                {
                    continue;
                }

                for (var i = 0; i < zonal.Length; i++)
                {
                    ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(zonalDomains[i], node.LabelValue(zonal[i].TopologyKey)!);
                    if (!Unsafe.IsNullRef(ref count))
                    {
                        count += CountMatching(zonal[i], pod, node);
                    }
                }
            }
        }

        return Scored(state, constraints, domainCounts, feasibleNodes.Count - (ignored?.Count ?? 0), ignored, snapshot);
    }

    private static Status Scored(CycleState state, List<SpreadConstraint> constraints, Dictionary<string, Dictionary<string, int>> domainCounts, int eligibleFeasible, HashSet<string>? ignored, ClusterSnapshot snapshot)
    {
        var weights = new double[constraints.Count];
        var perNode = new Dictionary<NodeInfo, int>?[constraints.Count];
        var domains = new Dictionary<string, int>?[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            var constraint = constraints[i];
            domains[i] = constraint.TopologyKey == HostnameKey ? null : DomainsOf(domainCounts, constraint.TopologyKey);
            weights[i] = Math.Log((domains[i]?.Count ?? eligibleFeasible) + 2);

            // A controller's pods per node come from the snapshot's one table for that controller: scoring hundreds
            // of nodes then reads one small, warm table rather than each node's own.
            perNode[i] = constraint.ControllerUid is { } uid ? snapshot.ControllerPodsByNode(uid) : null;
        }

        state.Write(ScoreKey, new ScoreState(constraints, domains, weights, ignored, perNode));
        return Status.Success;
    }

    /// <summary>The domains of <paramref name="topologyKey"/> (value → matching pods), made empty on first use.</summary>
    private static Dictionary<string, int> DomainsOf(Dictionary<string, Dictionary<string, int>> domainCounts, string topologyKey)
    {
        ref var domains = ref CollectionsMarshal.GetValueRefOrAddDefault(domainCounts, topologyKey, out _);
        return domains ??= new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the counts the snapshot keeps per zone are this pod's: one controller's pods over hostname and zone,
    /// one constraint each (so an eligible node is one with both labels), and no node left out by the pod's node affinity
    /// or by taints. System defaults for a pod without a node selector are.
    /// </summary>
    private static bool CountedByZone(List<SpreadConstraint> constraints, string uid, PodInfo pod)
    {
        bool hostname = false, zone = false;
        if (constraints.Count != 2)
        {
            return false; // two over one key would count each pod twice into their shared domain
        }

        foreach (var constraint in constraints)
        {
            if (constraint.ControllerUid != uid || constraint.HonorNodeTaints)
            {
                return false;
            }

            hostname |= constraint.TopologyKey == HostnameKey;
            zone |= constraint.TopologyKey == ZoneKey;
            if (constraint.TopologyKey is not (HostnameKey or ZoneKey))
            {
                return false;
            }
        }

        return hostname && zone && pod.Pod.Spec.NodeSelector is not { Count: > 0 } && pod.RequiredNodeAffinity is null;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var score = state.Read<ScoreState>(ScoreKey);
        if (score is null || score.Ignored?.Contains(node.Name) == true)
        {
            return 0;
        }

        double total = 0;
        for (var i = 0; i < score.Constraints.Count; i++)
        {
            var constraint = score.Constraints[i];
            var count = score.Domains[i] is { } domains ? domains.GetValueOrDefault(node.LabelValue(constraint.TopologyKey)!)
                : constraint.ControllerUid is not null ? score.ControllerPodsByNode[i]?.GetValueOrDefault(node) ?? 0
                : CountMatching(constraint, pod, node);
            total += (count * score.Weights[i]) + (constraint.MaxSkew - 1);
        }

        return (long)Math.Round(total);
    }

    /// <summary>Fewer matching pods is better: 100 × (max + min − score) / max; ignored nodes get 0.</summary>
    public void NormalizeScores(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
        var score = state.Read<ScoreState>(ScoreKey);
        if (score is null)
        {
            return;
        }

        long min = long.MaxValue, max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (score.Ignored?.Contains(nodes[i].Name) != true)
            {
                min = Math.Min(min, scores[i]);
                max = Math.Max(max, scores[i]);
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = score.Ignored?.Contains(nodes[i].Name) == true ? 0
                : max == 0 ? SchedulingFramework.MaxNodeScore
                : SchedulingFramework.MaxNodeScore * (max + min - scores[i]) / max;
        }
    }

    private List<SpreadConstraint> Constraints(Pod pod, UnsatisfiableConstraintAction action)
    {
        if (pod.Spec.TopologySpreadConstraints is { Count: > 0 } own)
        {
            return [.. own.Where(c => c.WhenUnsatisfiable == action).Select(c => SpreadConstraint.From(c, pod))];
        }

        if (!systemDefaults || action != UnsatisfiableConstraintAction.ScheduleAnyway || Controller(pod) is not { } owner)
        {
            return NoConstraints;
        }

        // A controller's pods come one after another: its defaults are made once, not per cycle.
        var uid = owner.Uid;
        if (_lastDefaults is { } last && uid is not null && last.Uid == uid)
        {
            return last.Constraints;
        }

        bool SameOwner(Pod p) => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true;
        List<SpreadConstraint> defaults =
        [
            new SpreadConstraint { MaxSkew = 3, TopologyKey = HostnameKey, Action = action, Counts = SameOwner, ControllerUid = uid },
            new SpreadConstraint { MaxSkew = 5, TopologyKey = ZoneKey, Action = action, Counts = SameOwner, ControllerUid = uid },
        ];
        _lastDefaults = uid is null ? null : new SystemDefaults(uid, defaults);
        return defaults;
    }

    private static OwnerReference? Controller(Pod pod)
    {
        foreach (var owner in CollectionsMarshal.AsSpan(pod.Metadata.OwnerReferences))
        {
            if (owner.Controller == true)
            {
                return owner;
            }
        }

        return null;
    }

    // Loops, not lambdas: these run for every node of every cycle, and a closure over the node allocates each time.
    private static bool HasTopologyLabels(List<SpreadConstraint> constraints, NodeInfo node)
    {
        foreach (var constraint in constraints)
        {
            if (node.LabelValue(constraint.TopologyKey) is null)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Eligible(List<SpreadConstraint> constraints, PodInfo pod, NodeInfo node)
    {
        if (!HasTopologyLabels(constraints, node))
        {
            return false;
        }

        bool honorAffinity = false, honorTaints = false;
        foreach (var constraint in constraints)
        {
            honorAffinity |= constraint.HonorNodeAffinity;
            honorTaints |= constraint.HonorNodeTaints;
        }

        if (honorAffinity && !NodeAffinityPlugin.Matches(pod, node))
        {
            return false;
        }

        if (honorTaints)
        {
            foreach (var taint in node.Taints)
            {
                if (taint.Effect != TaintEffect.PreferNoSchedule && !Tolerations.ToleratesAll(pod.Pod.Spec.Tolerations, taint))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int CountMatching(SpreadConstraint constraint, PodInfo pod, NodeInfo node)
    {
        if (constraint.ControllerUid is { } uid)
        {
            return node.ControllerPodCounts.GetValueOrDefault(uid);
        }

        var count = 0;
        foreach (var existing in node.Pods)
        {
            if (existing.Pod.Metadata.Namespace == pod.Pod.Metadata.Namespace
                && existing.Pod.Metadata.DeletionTimestamp is null
                && constraint.Counts(existing.Pod))
            {
                count++;
            }
        }

        return count;
    }

    private sealed record SystemDefaults(string Uid, List<SpreadConstraint> Constraints);

    private sealed record FilterState(List<SpreadConstraint> Constraints, Dictionary<(string, string), int> Counts, int[] MinMatches);

    /// <summary>
    /// What Score reads per node; per constraint, <paramref name="Domains"/> its topology key's domains (null for hostname)
    /// and <paramref name="ControllerPodsByNode"/> the snapshot's table of its controller's pods per node (or null).
    /// </summary>
    private sealed record ScoreState(List<SpreadConstraint> Constraints, Dictionary<string, int>?[] Domains, double[] Weights, HashSet<string>? Ignored, Dictionary<NodeInfo, int>?[] ControllerPodsByNode);
}
