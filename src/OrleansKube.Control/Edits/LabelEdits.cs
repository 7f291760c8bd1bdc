using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Edits;

/// <summary>
/// <c>kubectl label</c>'s arguments (<c>k=v</c> sets, <c>k-</c> removes) and how they change an object's labels,
/// with kubectl's messages.
/// </summary>
public sealed class LabelEdits
{
    private LabelEdits(Dictionary<string, string> set, List<string> remove)
    {
        Set = set;
        Remove = remove;
    }

    public IReadOnlyDictionary<string, string> Set { get; }

    public IReadOnlyList<string> Remove { get; }

    /// <summary>Parses <c>k=v</c> and <c>k-</c> arguments; bad ones give kubectl's error.</summary>
    public static LabelEdits Parse(IEnumerable<string> specs)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var remove = new List<string>();
        foreach (var spec in specs)
        {
            if (spec.Contains('=', StringComparison.Ordinal))
            {
                var parts = spec.Split('=');
                if (parts.Length != 2 || parts[0].Length == 0)
                {
                    throw new FormatException($"invalid label spec: {spec}");
                }

                if (NameRules.CheckQualifiedName(parts[0]) is { } keyProblem)
                {
                    throw new FormatException($"invalid label key: \"{spec}\": {keyProblem}");
                }

                if (NameRules.CheckLabelValue(parts[1]) is { } valueProblem)
                {
                    throw new FormatException($"invalid label value: \"{spec}\": {valueProblem}");
                }

                set[parts[0]] = parts[1];
            }
            else if (spec.EndsWith('-') && spec.Length > 1)
            {
                remove.Add(spec[..^1]);
            }
            else
            {
                throw new FormatException($"invalid label spec: {spec}");
            }
        }

        if (set.Count == 0 && remove.Count == 0)
        {
            throw new FormatException("at least one label update is required");
        }

        if (remove.FirstOrDefault(set.ContainsKey) is { } both)
        {
            throw new FormatException($"can not both modify and remove a label in the same command: {both}");
        }

        return new LabelEdits(set, remove);
    }

    /// <summary>
    /// The labels after the edits, kubectl's verb (<c>labeled</c>, <c>unlabeled</c>, <c>not labeled</c>) and the labels
    /// asked to be removed that were not there. A changed value without <paramref name="overwrite"/> is refused.
    /// </summary>
    public (Dictionary<string, string>? Labels, string Verb, IReadOnlyList<string> NotFound) ApplyTo(IReadOnlyDictionary<string, string>? labels, bool overwrite)
    {
        var result = labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(labels, StringComparer.Ordinal);
        var changed = false;
        foreach (var (key, value) in Set)
        {
            if (result.TryGetValue(key, out var existing))
            {
                if (existing == value)
                {
                    continue;
                }

                if (!overwrite)
                {
                    throw new InvalidOperationException($"'{key}' already has a value ({existing}), and --overwrite is false");
                }
            }

            result[key] = value;
            changed = true;
        }

        var notFound = new List<string>();
        foreach (var key in Remove)
        {
            if (result.Remove(key))
            {
                changed = true;
            }
            else
            {
                notFound.Add(key);
            }
        }

        var verb = !changed ? "not labeled" : Set.Count == 0 ? "unlabeled" : "labeled";
        return (result.Count == 0 ? null : result, verb, notFound);
    }
}
