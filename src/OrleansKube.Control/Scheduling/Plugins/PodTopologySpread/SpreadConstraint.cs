using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling.Plugins.PodTopologySpread;

/// <summary>A topology spread constraint ready to evaluate: which pods it counts, over which key, and how strictly.</summary>
public sealed class SpreadConstraint
{
    public required int MaxSkew { get; init; }

    public required string TopologyKey { get; init; }

    public required UnsatisfiableConstraintAction Action { get; init; }

    public int? MinDomains { get; init; }

    public bool HonorNodeAffinity { get; init; } = true;

    public bool HonorNodeTaints { get; init; }

    /// <summary>For system-default spreading: the controller whose pods are counted (a per-node count, no scan).</summary>
    public string? ControllerUid { get; init; }

    /// <summary>Whether a pod (already known to be in the incoming pod's namespace) is counted.</summary>
    public required Func<Pod, bool> Counts { get; init; }

    /// <summary>The pod's own constraints, with matchLabelKeys folded into the selector.</summary>
    public static SpreadConstraint From(TopologySpreadConstraint constraint, Pod pod)
    {
        var selector = LabelSelectors.ToSelector(constraint.LabelSelector);
        var extra = (constraint.MatchLabelKeys ?? [])
            .Where(k => pod.Metadata.Labels?.ContainsKey(k) == true)
            .Select(k => new Requirement(k, SelectorOperator.In, [pod.Metadata.Labels![k]]))
            .ToList();
        if (extra.Count > 0)
        {
            selector = new Selector([.. selector.Requirements, .. extra]);
        }

        return new SpreadConstraint
        {
            MaxSkew = constraint.MaxSkew,
            TopologyKey = constraint.TopologyKey,
            Action = constraint.WhenUnsatisfiable,
            MinDomains = constraint.MinDomains,
            HonorNodeAffinity = constraint.NodeAffinityPolicy != NodeInclusionPolicy.Ignore,
            HonorNodeTaints = constraint.NodeTaintsPolicy == NodeInclusionPolicy.Honor,
            Counts = p => selector.Matches(p.Metadata.Labels),
        };
    }
}
