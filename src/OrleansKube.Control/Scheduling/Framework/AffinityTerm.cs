using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A pod (anti-)affinity term, parsed once: which pods it selects (selector and namespaces) and its topology key.</summary>
public sealed class AffinityTerm
{
    public AffinityTerm(PodAffinityTerm term, string podNamespace, int weight = 0)
    {
        Selector = LabelSelectors.ToSelector(term.LabelSelector);
        TopologyKey = term.TopologyKey;
        Weight = weight;

        // Upstream: no namespaces and no namespaceSelector means the pod's own namespace;
        // an empty namespaceSelector means every namespace.
        Namespaces = term.Namespaces is { Count: > 0 } names ? [.. names] : term.NamespaceSelector is null ? [podNamespace] : [];
        NamespaceSelector = term.NamespaceSelector is null ? Selector.Nothing : LabelSelectors.ToSelector(term.NamespaceSelector);

        // A term that selects by exactly one label pair in listed namespaces can count a node's pods from its label counts.
        var matchLabels = term.LabelSelector?.MatchLabels ?? [];
        var expressions = term.LabelSelector?.MatchExpressions ?? [];
        if (Namespaces.Count > 0 && matchLabels.Count + expressions.Count == 1)
        {
            if (matchLabels.Count == 1)
            {
                var only = matchLabels.First();
                SingleLabel = (only.Key, only.Value);
            }
            else if (expressions[0] is { Operator: LabelSelectorOperator.In, Values.Count: 1 } expression)
            {
                SingleLabel = (expression.Key, expression.Values[0]);
            }

            if (SingleLabel is { } label)
            {
                _labelCountKeys = [.. Namespaces.Select(ns => NodeInfo.LabelCountKey(ns, label.Key, label.Value))];
            }
        }
    }

    // The keys of NodeInfo.PodLabelCounts this term reads, made once (a string key hashes far faster than a tuple of three).
    private readonly string[] _labelCountKeys = [];

    public Selector Selector { get; }

    public HashSet<string> Namespaces { get; }

    public Selector NamespaceSelector { get; }

    public string TopologyKey { get; }

    public int Weight { get; }

    /// <summary>Set when the term selects exactly the pods, in <see cref="Namespaces"/>, that carry this one label pair.</summary>
    public (string Key, string Value)? SingleLabel { get; }

    /// <summary>Whether <paramref name="pod"/> is one of the pods this term selects.</summary>
    public bool Matches(Pod pod, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
    {
        var ns = pod.Metadata.Namespace ?? "";
        var inNamespace = Namespaces.Contains(ns)
            || (!NamespaceSelector.Equals(Selector.Nothing) && NamespaceSelector.Matches(namespaceLabels?.GetValueOrDefault(ns)));
        return inNamespace && Selector.Matches(pod.Metadata.Labels);
    }

    /// <summary>How many of <paramref name="node"/>'s pods the term selects, or null when only looking at each pod can tell.</summary>
    public int? CountOn(NodeInfo node)
    {
        if (SingleLabel is null)
        {
            return null;
        }

        var count = 0;
        foreach (var key in _labelCountKeys)
        {
            count += node.PodLabelCounts.GetValueOrDefault(key);
        }

        return count;
    }
}
