namespace OrleansKube.Model.Selection;

/// <summary>Turns the API's selector shapes into <see cref="Selector"/>s, with upstream's nil/empty rules.</summary>
public static class LabelSelectors
{
    /// <summary>A null <see cref="LabelSelector"/> selects nothing; an empty one selects everything (as upstream).</summary>
    public static Selector ToSelector(LabelSelector? selector)
    {
        if (selector is null)
        {
            return Selector.Nothing;
        }

        var requirements = new List<Requirement>();
        foreach (var (key, value) in selector.MatchLabels ?? [])
        {
            requirements.Add(new Requirement(key, SelectorOperator.Equals, [value]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var op = expression.Operator switch
            {
                LabelSelectorOperator.In => SelectorOperator.In,
                LabelSelectorOperator.NotIn => SelectorOperator.NotIn,
                LabelSelectorOperator.Exists => SelectorOperator.Exists,
                _ => SelectorOperator.DoesNotExist,
            };
            requirements.Add(new Requirement(expression.Key, op, expression.Values ?? []));
        }

        return new Selector(requirements);
    }

    /// <summary>A node selector term: its expressions are ANDed (against labels) with its fields (against metadata.name); an empty term matches nothing.</summary>
    public static bool Matches(NodeSelectorTerm term, string nodeName, IReadOnlyDictionary<string, string>? labels) =>
        NodeSelectorMatcher.For(term).Matches(nodeName, labels);

    /// <summary>Required node affinity: the terms are ORed.</summary>
    public static bool Matches(NodeSelector selector, string nodeName, IReadOnlyDictionary<string, string>? labels) =>
        NodeSelectorMatcher.For(selector).Matches(nodeName, labels);

    public static Requirement ToRequirement(NodeSelectorRequirement requirement) =>
        new(requirement.Key, requirement.Operator switch
        {
            NodeSelectorOperator.In => SelectorOperator.In,
            NodeSelectorOperator.NotIn => SelectorOperator.NotIn,
            NodeSelectorOperator.Exists => SelectorOperator.Exists,
            NodeSelectorOperator.DoesNotExist => SelectorOperator.DoesNotExist,
            NodeSelectorOperator.Gt => SelectorOperator.GreaterThan,
            _ => SelectorOperator.LessThan,
        }, requirement.Values ?? []);
}
