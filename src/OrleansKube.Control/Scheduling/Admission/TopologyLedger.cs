using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.InterPodAffinity;
using OrleansKube.Control.Scheduling.Plugins.PodTopologySpread;

namespace OrleansKube.Control.Scheduling.Admission;

/// <summary>
/// The cluster-wide truth that sharded schedulers admit binds against. A shard decides on its own nodes, but
/// required inter-pod (anti-)affinity and DoNotSchedule topology spread over a domain wider than one node
/// (zone, region, …) depend on pods in other shards. Every placement a sharded scheduler makes passes here,
/// one at a time, and is refused if — against every pod in the cluster — it would break such a rule.
/// Rules on <c>kubernetes.io/hostname</c> need no ledger: a node's pods are all in its own shard's cache.
/// </summary>
public sealed class TopologyLedger
{
    public const string UnknownNodeReason = "node(s) not yet known to the topology ledger";

    private readonly ClusterSnapshot _snapshot = new();
    private readonly SchedulingFramework _framework = new(
        new SchedulerProfile("topology-ledger", [(new InterPodAffinityPlugin(), 0), (new PodTopologySpreadPlugin(systemDefaults: false), 0)]),
        new Random(0));

    /// <summary>Placed pods with required anti-affinity over a wider domain: while there are any, every placement is checked (symmetry).</summary>
    private int _wideAntiAffinityHolders;

    public int NodeCount => _snapshot.Nodes.Count;

    public int PodCount { get; private set; }

    public void SetNode(Node node) => _snapshot.AddOrUpdateNode(node);

    public void RemoveNode(string name)
    {
        if (_snapshot.RemoveNode(name) is { } node)
        {
            foreach (var pod in node.Pods)
            {
                Forget(pod);
            }
        }
    }

    /// <summary>Records a pod placed on a node (idempotent): binds this ledger did not admit, such as pods created with <c>nodeName</c>.</summary>
    public void Record(string nodeName, PodInfo pod)
    {
        if (_snapshot.Get(nodeName) is { } node && !node.HasPod(pod.Key))
        {
            node.AddPod(pod);
            PodCount++;
            if (HasWideTerms(pod.RequiredAntiAffinityTerms))
            {
                _wideAntiAffinityHolders++;
            }
        }
    }

    public void Remove(string nodeName, string podKey)
    {
        if (_snapshot.Get(nodeName) is { } node && node.GetPod(podKey) is { } pod)
        {
            node.RemovePod(podKey);
            Forget(pod);
        }
    }

    /// <summary>Whether placed pods hold required anti-affinity over wider domains, so that any pod may be refused (symmetry).</summary>
    public bool HasWideAntiAffinityHolders => _wideAntiAffinityHolders > 0;

    /// <summary>
    /// Admits <paramref name="pod"/> onto the first of <paramref name="candidates"/> (best first) where it breaks
    /// no rule against the whole cluster, and records it there. Otherwise no node, and why each candidate refused.
    /// </summary>
    public LedgerVerdict Admit(PodInfo pod, IReadOnlyList<string> candidates)
    {
        var refusals = new Diagnosis();
        CycleState? state = null;
        if (_wideAntiAffinityHolders > 0 || HasWideRules(pod))
        {
            state = _framework.RunPreFilters(pod, _snapshot, refusals);
            if (state is null)
            {
                refusals.ReasonCounts[refusals.PreFilterMessage ?? "refused"] = candidates.Count;
                return new LedgerVerdict(null, refusals);
            }
        }

        foreach (var name in candidates)
        {
            if (_snapshot.Get(name) is not { } node)
            {
                refusals.Record(Status.Unschedulable(UnknownNodeReason));
                continue;
            }

            if (node.HasPod(pod.Key))
            {
                return new LedgerVerdict(name, refusals);
            }

            if (state is not null && _framework.RunFilters(state, pod, node) is { IsSuccess: false } refused)
            {
                refusals.Record(refused);
                continue;
            }

            Record(name, pod);
            return new LedgerVerdict(name, refusals);
        }

        return new LedgerVerdict(null, refusals);
    }

    /// <summary>Whether the pod's own required rules reach beyond one node.</summary>
    public static bool HasWideRules(PodInfo pod) =>
        HasWideTerms(pod.RequiredAffinityTerms) || HasWideTerms(pod.RequiredAntiAffinityTerms)
        || pod.Pod.Spec.TopologySpreadConstraints?.Any(c => c.WhenUnsatisfiable == UnsatisfiableConstraintAction.DoNotSchedule && c.TopologyKey != ClusterSnapshot.HostnameLabel) == true;

    private static bool HasWideTerms(AffinityTerm[] terms)
    {
        foreach (var term in terms)
        {
            if (term.TopologyKey != ClusterSnapshot.HostnameLabel)
            {
                return true;
            }
        }

        return false;
    }

    private void Forget(PodInfo pod)
    {
        PodCount--;
        if (HasWideTerms(pod.RequiredAntiAffinityTerms))
        {
            _wideAntiAffinityHolders--;
        }
    }
}

/// <summary>The node a pod was admitted to (null: none of its candidates), and the reasons of the candidates that refused it.</summary>
public sealed record LedgerVerdict(string? NodeName, Diagnosis Refusals);
