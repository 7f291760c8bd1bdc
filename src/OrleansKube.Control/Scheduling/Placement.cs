using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling;

/// <summary>
/// The interim placement (the scheduling framework replaces it): filter nodes by node name, selector and
/// required node affinity, unschedulable, NoSchedule/NoExecute taints and resource fit; prefer the least
/// allocated node. A pod that fits nowhere gets upstream's aggregated reason message.
/// </summary>
public static class Placement
{
    public static PlacementResult Place(Pod pod, ResourceList requests, IEnumerable<NodeCandidate> nodes)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        NodeCandidate? best = null;
        var bestScore = double.MinValue;
        var total = 0;
        foreach (var node in nodes)
        {
            total++;
            var reason = Filter(pod, requests, node);
            if (reason is not null)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                continue;
            }

            var score = LeastAllocatedScore(requests, node);
            if (score > bestScore)
            {
                best = node;
                bestScore = score;
            }
        }

        if (best is not null)
        {
            return new PlacementResult(best.Name, null);
        }

        var details = string.Join(", ", reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"));
        return new PlacementResult(null, details.Length == 0
            ? $"0/{total} nodes are available."
            : $"0/{total} nodes are available: {details}.");
    }

    /// <summary>Null when <paramref name="node"/> can take the pod, else the reason as upstream words it.</summary>
    public static string? Filter(Pod pod, ResourceList requests, NodeCandidate node)
    {
        var spec = pod.Spec;
        if (!string.IsNullOrEmpty(spec.NodeName) && spec.NodeName != node.Name)
        {
            return "node(s) didn't match the requested node name";
        }

        if (!MatchesNodeSelectorAndAffinity(spec, node))
        {
            return "node(s) didn't match Pod's node affinity/selector";
        }

        if (node.Unschedulable && !Tolerations.ToleratesAll(spec.Tolerations, new Taint { Key = "node.kubernetes.io/unschedulable", Effect = TaintEffect.NoSchedule }))
        {
            return "node(s) were unschedulable";
        }

        foreach (var taint in node.Taints)
        {
            if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Tolerations.ToleratesAll(spec.Tolerations, taint))
            {
                return $"node(s) had untolerated taint {Tolerations.Describe(taint)}";
            }
        }

        return InsufficientResource(requests, node);
    }

    public static bool MatchesNodeSelectorAndAffinity(PodSpec spec, NodeCandidate node)
    {
        foreach (var (key, value) in spec.NodeSelector ?? [])
        {
            if (!node.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || LabelSelectors.Matches(required, node.Name, node.Labels);
    }

    private static string? InsufficientResource(ResourceList requests, NodeCandidate node)
    {
        if (node.Allocatable.Amounts.ContainsKey(ResourceList.Pods) && node.PodCount + 1 > node.Allocatable[ResourceList.Pods])
        {
            return "Too many pods";
        }

        foreach (var (name, amount) in requests.Amounts)
        {
            if (amount > 0 && node.Requested[name] + amount > node.Allocatable[name])
            {
                return $"Insufficient {name}";
            }
        }

        return null;
    }

    private static double LeastAllocatedScore(ResourceList requests, NodeCandidate node)
    {
        double Free(string name) => node.Allocatable[name] == 0 ? 0
            : (double)(node.Allocatable[name] - node.Requested[name] - requests[name]) / node.Allocatable[name];

        return (Free(ResourceList.Cpu) + Free(ResourceList.Memory)) / 2;
    }
}
