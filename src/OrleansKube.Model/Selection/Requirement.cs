using System.Globalization;

namespace OrleansKube.Model.Selection;

/// <summary>One clause of a selector: a key, an operator and its values, matched as upstream does.</summary>
public sealed record Requirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        return MatchesValue(labels is not null && labels.TryGetValue(Key, out value) ? value : null);
    }

    /// <summary>Matches the value the key has (null: the key is absent).</summary>
    public bool MatchesValue(string? value)
    {
        var present = value is not null;
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => present && Values.Contains(value!),
            // Upstream: a missing key satisfies != and notin.
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !present || !Values.Contains(value!),
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            SelectorOperator.GreaterThan => present && CompareInteger(value!) is > 0,
            SelectorOperator.LessThan => present && CompareInteger(value!) is < 0,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        SelectorOperator.Equals => $"{Key}={Values[0]}",
        SelectorOperator.NotEquals => $"{Key}!={Values[0]}",
        SelectorOperator.In => $"{Key} in ({string.Join(",", Values)})",
        SelectorOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        SelectorOperator.Exists => Key,
        SelectorOperator.DoesNotExist => $"!{Key}",
        SelectorOperator.GreaterThan => $"{Key}>{Values[0]}",
        SelectorOperator.LessThan => $"{Key}<{Values[0]}",
        _ => Key,
    };

    // Gt/Lt compare the label and the single value as 64-bit integers; anything unparsable fails.
    private int? CompareInteger(string labelValue) =>
        Values.Count == 1
        && long.TryParse(labelValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
