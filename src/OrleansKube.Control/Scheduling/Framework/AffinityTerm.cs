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
    }

    public Selector Selector { get; }

    public HashSet<string> Namespaces { get; }

    public Selector NamespaceSelector { get; }

    public string TopologyKey { get; }

    public int Weight { get; }

    /// <summary>Whether <paramref name="pod"/> is one of the pods this term selects.</summary>
    public bool Matches(Pod pod, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
    {
        var ns = pod.Metadata.Namespace ?? "";
        var inNamespace = Namespaces.Contains(ns)
            || (!NamespaceSelector.Equals(Selector.Nothing) && NamespaceSelector.Matches(namespaceLabels?.GetValueOrDefault(ns)));
        return inNamespace && Selector.Matches(pod.Metadata.Labels);
    }
}
