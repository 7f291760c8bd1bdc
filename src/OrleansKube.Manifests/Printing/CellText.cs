using System.Globalization;

namespace OrleansKube.Manifests.Printing;

/// <summary>Cell texts upstream's printers share: ages, label maps, selectors, container names and images.</summary>
internal static class CellText
{
    public static string AgeOf(KubeObject obj, DateTimeOffset now) => Age.Since(obj.Metadata.CreationTimestamp, now);

    /// <summary>As <c>labels.FormatLabels</c>: <c>k=v,k2=v2</c> sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string Labels(IReadOnlyDictionary<string, string>? labels) =>
        labels is { Count: > 0 } ? string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) : "<none>";

    /// <summary>As <c>metav1.FormatLabelSelector</c>: the selector's requirements sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string Selector(LabelSelector? selector) => SelectorString(selector) is { Length: > 0 } text ? text : "<none>";

    /// <summary>As <c>labels.Selector.String()</c>: <c>app=web,tier in (a,b)</c>, empty for an empty or absent selector.</summary>
    public static string SelectorString(LabelSelector? selector)
    {
        var parts = (selector?.MatchLabels ?? []).Select(l => (l.Key, Text: $"{l.Key}={l.Value}")).ToList();
        foreach (var requirement in selector?.MatchExpressions ?? [])
        {
            var values = string.Join(",", (requirement.Values ?? []).Order(StringComparer.Ordinal));
            parts.Add((requirement.Key, requirement.Operator switch
            {
                LabelSelectorOperator.In => $"{requirement.Key} in ({values})",
                LabelSelectorOperator.NotIn => $"{requirement.Key} notin ({values})",
                LabelSelectorOperator.Exists => requirement.Key,
                _ => $"!{requirement.Key}",
            }));
        }

        return string.Join(",", parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Text));
    }

    public static string ContainerNames(PodTemplateSpec? template) => string.Join(",", (template?.Spec?.Containers ?? []).Select(c => c.Name));

    public static string ContainerImages(PodTemplateSpec? template) => string.Join(",", (template?.Spec?.Containers ?? []).Select(c => c.Image));

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
