using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;

/// <summary>
/// Upstream's DefaultPreemption: for a pod that fits nowhere, find the nodes where removing lower-priority pods
/// would make room, keep on each only the victims that must go (re-adding the most important first), and pick
/// the node whose victims matter least, fewest PodDisruptionBudget violations first. Plugins' PreFilter state is not
/// updated for removed victims, so only filters that read the node itself (resources, ports, …) see the room.
/// </summary>
public sealed class DefaultPreemptionPlugin : IPostFilterPlugin
{
    public const string PluginName = "DefaultPreemption";
    public const string NoVictimsReason = "No preemption victims found for incoming pod";
    public const string NotHelpfulReason = "Preemption is not helpful for scheduling";
    public const string NeverPolicyMessage = "not eligible due to preemptionPolicy=Never.";

    /// <summary>Upstream's minCandidateNodesPercentage and minCandidateNodesAbsolute.</summary>
    private const int MinCandidateNodesPercentage = 10;
    private const int MinCandidateNodesAbsolute = 100;

    public string Name => PluginName;

    public PostFilterResult PostFilter(SchedulingFramework framework, PodInfo pod, ClusterSnapshot snapshot)
    {
        var nodes = snapshot.Nodes;
        var diagnosis = new Diagnosis { NodeCount = nodes.Count };
        if (pod.Pod.Spec.PreemptionPolicy == PreemptionPolicy.Never)
        {
            return new PostFilterResult(null, diagnosis, NeverPolicyMessage);
        }

        if (framework.RunPreFilters(pod, snapshot, new Diagnosis()) is not { } state)
        {
            diagnosis.ReasonCounts[NotHelpfulReason] = nodes.Count;
            return new PostFilterResult(null, diagnosis);
        }

        var wanted = Math.Max(nodes.Count * MinCandidateNodesPercentage / 100, MinCandidateNodesAbsolute);
        PreemptionCandidate? best = null;
        var found = 0;
        for (var i = 0; i < nodes.Count && found < wanted; i++)
        {
            var node = nodes[i];
            var status = framework.RunFiltersWithNominatedPods(state, pod, node, snapshot);
            if (status.IsSuccess)
            {
                continue; // it fits as it is (the cluster moved since the cycle): no victims needed here
            }

            if (status.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                diagnosis.Record(Status.Unresolvable(NotHelpfulReason));
                continue;
            }

            var (victims, violations, refusal) = SelectVictimsOnNode(framework, state, pod, node, snapshot);
            if (victims is null)
            {
                diagnosis.Record(refusal!);
                continue;
            }

            found++;
            var candidate = new PreemptionCandidate(node.Name, victims, violations);
            if (best is null || candidate.Rank.IsBetterThan(best.Rank))
            {
                best = candidate;
            }
        }

        return new PostFilterResult(best, diagnosis);
    }

    /// <summary>The victims on <paramref name="nodeName"/> as the snapshot is now (a fresh PreFilter), or null when preempting there no longer helps.</summary>
    public static List<PodInfo>? VictimsOn(SchedulingFramework framework, PodInfo pod, string nodeName, ClusterSnapshot snapshot) =>
        snapshot.Get(nodeName) is { } node && framework.RunPreFilters(pod, snapshot, new Diagnosis()) is { } state
            ? SelectVictimsOnNode(framework, state, pod, node, snapshot).Victims
            : null;

    /// <summary>
    /// The victims on one node: remove every lower-priority pod; if the pod then fits, put them back most
    /// important first — those whose eviction would violate a PodDisruptionBudget before the others, as upstream —
    /// and keep out only those without which it no longer fits; with how many of them violate a budget. Null with
    /// the reason otherwise.
    /// </summary>
    public static (List<PodInfo>? Victims, int PdbViolations, Status? Refusal) SelectVictimsOnNode(SchedulingFramework framework, CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var lower = node.Pods.Where(p => p.Priority < pod.Priority).ToList();
        if (lower.Count == 0)
        {
            return (null, 0, Status.Unschedulable(NoVictimsReason));
        }

        var trial = node.Clone();
        foreach (var victim in lower)
        {
            trial.RemovePod(victim.Key);
        }

        if (framework.RunFiltersWithNominatedPods(state, pod, trial, snapshot) is { IsSuccess: false } stillRefused)
        {
            return (null, 0, stillRefused);
        }

        // More important first: higher priority, then the one that started earlier.
        lower.Sort((a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : PreemptionCandidate.StartTime(a).CompareTo(PreemptionCandidate.StartTime(b)));
        var (violating, nonViolating) = BudgetViolations.Split(lower, snapshot.DisruptionBudgets);
        var victims = new List<PodInfo>();
        var violations = 0;
        foreach (var candidate in violating.Concat(nonViolating))
        {
            trial.AddPod(candidate);
            if (!framework.RunFiltersWithNominatedPods(state, pod, trial, snapshot).IsSuccess)
            {
                trial.RemovePod(candidate.Key);
                victims.Add(candidate);
                violations += violating.Contains(candidate) ? 1 : 0;
            }
        }

        return (victims, violations, null);
    }
}
