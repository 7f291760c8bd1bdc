using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Edits;

/// <summary>
/// <c>kubectl taint</c>'s arguments (<c>key=value:Effect</c> or <c>key:Effect</c> adds; <c>key:Effect-</c> or
/// <c>key-</c> removes) and how they change a node's taints, with kubectl's messages.
/// </summary>
public sealed class TaintEdits
{
    private TaintEdits(List<Taint> add, List<(string Key, TaintEffect? Effect)> remove)
    {
        Add = add;
        Remove = remove;
    }

    public IReadOnlyList<Taint> Add { get; }

    /// <summary>Keys to remove, each for one effect or (null) for every effect.</summary>
    public IReadOnlyList<(string Key, TaintEffect? Effect)> Remove { get; }

    public static TaintEdits Parse(IEnumerable<string> specs)
    {
        var add = new List<Taint>();
        var remove = new List<(string, TaintEffect?)>();
        foreach (var spec in specs)
        {
            if (spec.EndsWith('-'))
            {
                var body = spec[..^1];
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                var key = colon < 0 ? body : body[..colon];
                if (key.Contains('=', StringComparison.Ordinal))
                {
                    key = key[..key.IndexOf('=', StringComparison.Ordinal)];
                }

                CheckKey(spec, key);
                remove.Add((key, colon < 0 ? null : ParseEffect(spec, body[(colon + 1)..])));
            }
            else
            {
                add.Add(ParseTaint(spec));
            }
        }

        if (add.Count == 0 && remove.Count == 0)
        {
            throw new FormatException("at least one taint update is required");
        }

        var both = add.Where(a => remove.Any(r => r.Item1 == a.Key && (r.Item2 is null || r.Item2 == a.Effect))).Select(a => $"{a.Key}:{a.Effect}").ToList();
        if (both.Count > 0)
        {
            throw new FormatException($"can not both modify and remove the following taint(s) in the same command: {string.Join(", ", both)}");
        }

        var duplicated = add.GroupBy(t => (t.Key, t.Effect)).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null)
        {
            throw new FormatException($"duplicated taints with the same key and effect: {duplicated.Key.Key}:{duplicated.Key.Effect}");
        }

        return new TaintEdits(add, remove);
    }

    /// <summary>
    /// The node's taints after the edits and kubectl's verb (<c>tainted</c>, <c>untainted</c>, <c>modified</c>).
    /// A taint with the same key and effect is replaced only with <paramref name="overwrite"/>; removing a taint that is not there is an error.
    /// </summary>
    public (List<Taint>? Taints, string Verb) ApplyTo(string nodeName, IReadOnlyList<Taint>? taints, bool overwrite, DateTimeOffset now)
    {
        var result = taints?.ToList() ?? [];
        var replaced = false;
        var clashes = Add.Where(a => result.Any(t => t.Key == a.Key && t.Effect == a.Effect)).ToList();
        if (clashes.Count > 0 && !overwrite)
        {
            throw new InvalidOperationException($"node {nodeName} already has {string.Join(",", clashes.Select(c => c.Key))} taint(s) with same effect(s) and --overwrite is false");
        }

        foreach (var (key, effect) in Remove)
        {
            var removed = result.RemoveAll(t => t.Key == key && (effect is null || t.Effect == effect));
            if (removed == 0)
            {
                throw new InvalidOperationException($"taint \"{key}{(effect is null ? "" : ":" + effect)}\" not found");
            }
        }

        foreach (var taint in Add)
        {
            replaced |= result.RemoveAll(t => t.Key == taint.Key && t.Effect == taint.Effect) > 0;

            // As the API server does: only NoExecute taints carry the time they were added.
            result.Add(taint with { TimeAdded = taint.Effect == TaintEffect.NoExecute ? now : null });
        }

        var verb = replaced ? "modified" : Add.Count == 0 ? "untainted" : "tainted";
        return (result.Count == 0 ? null : result, verb);
    }

    private static Taint ParseTaint(string spec)
    {
        var colon = spec.LastIndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"invalid taint spec: {spec}");
        }

        var effect = ParseEffect(spec, spec[(colon + 1)..]);
        var keyValue = spec[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? keyValue : keyValue[..equals];
        var value = equals < 0 ? null : keyValue[(equals + 1)..];
        CheckKey(spec, key);
        if (value is not null && NameRules.CheckLabelValue(value) is { } problem)
        {
            throw new FormatException($"invalid taint spec: {spec}, {problem}");
        }

        return new Taint { Key = key, Value = string.IsNullOrEmpty(value) ? null : value, Effect = effect };
    }

    private static void CheckKey(string spec, string key)
    {
        if (NameRules.CheckQualifiedName(key) is { } problem)
        {
            throw new FormatException($"invalid taint spec: {spec}, {problem}");
        }
    }

    private static TaintEffect ParseEffect(string spec, string text) => text switch
    {
        "NoSchedule" => TaintEffect.NoSchedule,
        "PreferNoSchedule" => TaintEffect.PreferNoSchedule,
        "NoExecute" => TaintEffect.NoExecute,
        _ => throw new FormatException($"invalid taint spec: {spec}, invalid taint effect: {text}, unsupported taint effect"),
    };
}
