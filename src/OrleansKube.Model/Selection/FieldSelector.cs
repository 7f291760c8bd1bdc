namespace OrleansKube.Model.Selection;

/// <summary>
/// A field selector (<c>spec.nodeName=node-1,status.phase!=Running</c>): equality and inequality on the
/// fields upstream supports for each kind (see <see cref="ObjectFields"/>).
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms) => Terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<(string Field, bool Equal, string Value)> Terms { get; }

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var notEqual = part.IndexOf("!=", StringComparison.Ordinal);
            var doubleEqual = part.IndexOf("==", StringComparison.Ordinal);
            var equal = part.IndexOf('=', StringComparison.Ordinal);
            var (at, length, isEqual) = notEqual >= 0 ? (notEqual, 2, false)
                : doubleEqual >= 0 ? (doubleEqual, 2, true)
                : equal >= 0 ? (equal, 1, true)
                : throw new FormatException($"invalid selector: '{text}'; can't understand '{part}'");
            terms.Add((part[..at].Trim(), isEqual, part[(at + length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    /// <summary>Checks the fields are ones <paramref name="kind"/> supports; returns upstream's message if not.</summary>
    public string? Validate(KindInfo kind)
    {
        foreach (var (field, _, _) in Terms)
        {
            if (!ObjectFields.IsSupported(kind, field))
            {
                return $"field label not supported: {field}";
            }
        }

        return null;
    }

    public bool Matches(KubeObject obj)
    {
        // By index: a list's count walks every object, and an interface's enumerator is an allocation each.
        for (var i = 0; i < Terms.Count; i++)
        {
            var (field, equal, value) = Terms[i];
            var actual = ObjectFields.Get(obj, field) ?? "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(",", Terms.Select(t => $"{t.Field}{(t.Equal ? "=" : "!=")}{t.Value}"));
}
