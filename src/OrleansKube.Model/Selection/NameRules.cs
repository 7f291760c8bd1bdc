using System.Text.RegularExpressions;

namespace OrleansKube.Model.Selection;

/// <summary>Upstream's name rules (DNS-1123 label/subdomain, qualified names, label values), with upstream's messages.</summary>
public static partial class NameRules
{
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string QualifiedNameMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    /// <summary>Returns null when <paramref name="value"/> is a DNS-1123 label (≤ 63 chars), else the reason.</summary>
    public static string? CheckDns1123Label(string value) =>
        value.Length > 63 ? "must be no more than 63 characters"
        : Dns1123Label().IsMatch(value) ? null : Dns1123LabelMessage;

    /// <summary>Returns null when <paramref name="value"/> is a DNS-1123 subdomain (≤ 253 chars), else the reason.</summary>
    public static string? CheckDns1123Subdomain(string value) =>
        value.Length > 253 ? "must be no more than 253 characters"
        : Dns1123Subdomain().IsMatch(value) ? null : Dns1123SubdomainMessage;

    /// <summary>Label and annotation keys: an optional DNS subdomain prefix and a 63-character name.</summary>
    public static string? CheckQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = value[..slash];
            if (prefix.Length == 0)
            {
                return "prefix part must be non-empty";
            }

            if (CheckDns1123Subdomain(prefix) is { } prefixProblem)
            {
                return "prefix part " + prefixProblem;
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        return name.Length > 63 ? "name part must be no more than 63 characters"
            : QualifiedNamePart().IsMatch(name) ? null : QualifiedNameMessage;
    }

    public static string? CheckLabelValue(string value) =>
        value.Length > 63 ? "must be no more than 63 characters"
        : LabelValue().IsMatch(value) ? null : LabelValueMessage;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
