using System.Globalization;

namespace OrleansKube.Control.Workloads;

/// <summary>
/// Which pods a scale-down deletes first (upstream's ActivePodsWithRanks, with logarithmic scale-down): unassigned
/// before assigned; Pending before Unknown before Running; not ready before ready; lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; more of the controller's pods on the same node first;
/// ready for less time first; more restarts first; newer first. The times compare in powers-of-two buckets of their
/// age, so pods of about the same age are taken in a spread-out order rather than strictly newest first.
/// </summary>
public sealed class ActivePodRanking(IReadOnlyDictionary<string, int> podsOnSameNode, DateTimeOffset now) : IComparer<Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The <paramref name="count"/> pods to delete first, of <paramref name="active"/>.</summary>
    public static List<Pod> PodsToDelete(IReadOnlyList<Pod> active, int count, DateTimeOffset now)
    {
        if (count >= active.Count)
        {
            return [.. active];
        }

        var perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in active)
        {
            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                perNode[pod.Spec.NodeName] = perNode.GetValueOrDefault(pod.Spec.NodeName) + 1;
            }
        }

        var ranking = new ActivePodRanking(perNode, now);
        return [.. active.Order(ranking).Take(count)];
    }

    public int Compare(Pod? x, Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xAssigned = !string.IsNullOrEmpty(x.Spec.NodeName);
        var yAssigned = !string.IsNullOrEmpty(y.Spec.NodeName);
        if (xAssigned != yAssigned)
        {
            return xAssigned ? 1 : -1;
        }

        var phase = PhaseRank(x).CompareTo(PhaseRank(y));
        if (phase != 0)
        {
            return phase;
        }

        var xReady = PodStates.IsReady(x);
        var yReady = PodStates.IsReady(y);
        if (xReady != yReady)
        {
            return xReady ? 1 : -1;
        }

        var cost = DeletionCost(x).CompareTo(DeletionCost(y));
        if (cost != 0)
        {
            return cost;
        }

        // More of the controller's pods on the node: that one goes first.
        var rank = Rank(y).CompareTo(Rank(x));
        if (rank != 0)
        {
            return rank;
        }

        if (xReady && yReady && PodStates.ReadySince(x) is { } xSince && PodStates.ReadySince(y) is { } ySince && xSince != ySince)
        {
            var bucket = AgeBucket(xSince).CompareTo(AgeBucket(ySince));
            if (bucket != 0)
            {
                return bucket; // the more recently ready (younger bucket) first
            }
        }

        var restarts = PodStates.Restarts(y).CompareTo(PodStates.Restarts(x));
        if (restarts != 0)
        {
            return restarts;
        }

        var xCreated = x.Metadata.CreationTimestamp;
        var yCreated = y.Metadata.CreationTimestamp;
        if (xCreated != yCreated)
        {
            if (xCreated is null || yCreated is null)
            {
                return xCreated is null ? -1 : 1;
            }

            var bucket = AgeBucket(xCreated.Value).CompareTo(AgeBucket(yCreated.Value));
            if (bucket != 0)
            {
                return bucket;
            }
        }

        // Same buckets: a stable but arbitrary order, as upstream's UID comparison.
        return string.CompareOrdinal(x.Metadata.Uid, y.Metadata.Uid);
    }

    private static int PhaseRank(Pod pod) => pod.Status?.Phase switch
    {
        PodPhase.Pending or null => 0,
        PodPhase.Unknown => 1,
        PodPhase.Running => 2,
        _ => 3,
    };

    private static int DeletionCost(Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;

    private int Rank(Pod pod) => string.IsNullOrEmpty(pod.Spec.NodeName) ? 0 : podsOnSameNode.GetValueOrDefault(pod.Spec.NodeName);

    // floor(log2(age in ns)), -1 for no age: upstream's logarithmic bucketing (a younger time has a smaller bucket).
    private long AgeBucket(DateTimeOffset time)
    {
        var age = (now - time).Ticks * 100.0;
        return age > 0 ? (long)Math.Log2(age) : -1;
    }
}
