namespace OrleansKube.Model.Selection;

/// <summary>
/// A node selector compiled once: its terms ORed, each term's label expressions and <c>metadata.name</c> field
/// expressions ANDed, with upstream's rule that an empty term matches nothing. Matching a node allocates
/// nothing, which matters because the scheduler asks it of thousands of nodes per pod.
/// </summary>
public sealed class NodeSelectorMatcher
{
    private readonly Term[] _terms;

    private NodeSelectorMatcher(Term[] terms) => _terms = terms;

    /// <summary>Required node affinity: a node must match one of the terms.</summary>
    public static NodeSelectorMatcher For(NodeSelector selector) => new([.. selector.NodeSelectorTerms.Select(Compile)]);

    /// <summary>One term (a preferred scheduling term's preference).</summary>
    public static NodeSelectorMatcher For(NodeSelectorTerm term) => new([Compile(term)]);

    public bool Matches(string nodeName, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var term in _terms)
        {
            if (term.Matches(nodeName, labels))
            {
                return true;
            }
        }

        return false;
    }

    private static Term Compile(NodeSelectorTerm term) =>
        new([.. (term.MatchExpressions ?? []).Select(LabelSelectors.ToRequirement)], [.. (term.MatchFields ?? []).Select(LabelSelectors.ToRequirement)]);

    private sealed record Term(Requirement[] Labels, Requirement[] Fields)
    {
        public bool Matches(string nodeName, IReadOnlyDictionary<string, string>? labels)
        {
            if (Labels.Length == 0 && Fields.Length == 0)
            {
                return false;
            }

            foreach (var requirement in Labels)
            {
                if (!requirement.Matches(labels))
                {
                    return false;
                }
            }

            foreach (var requirement in Fields)
            {
                // The only field a node selector term may name is metadata.name.
                if (!requirement.MatchesValue(requirement.Key == "metadata.name" ? nodeName : null))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
