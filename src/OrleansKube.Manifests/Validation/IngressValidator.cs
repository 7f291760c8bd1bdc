using System.Net;
using System.Text.RegularExpressions;
using OrleansKube.Model.Selection;

namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Upstream's validation of networking.k8s.io/v1 Ingress and IngressClass (<c>pkg/apis/networking/validation</c>,
/// v1.32), with its messages: rules or a default backend, every path's type and form, a backend that names a Service
/// (with a port by name or number) or a resource but not both, host and TLS names, the class reference.
/// </summary>
public static partial class IngressValidator
{
    /// <summary>The annotation that named an Ingress's class before <c>spec.ingressClassName</c>.</summary>
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    private const int MaxControllerLength = 250;

    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];
    private static readonly string[] Scopes = ["Cluster", "Namespace"];

    private const string WildcardMessage =
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    public static void Validate(Ingress ingress, List<FieldError> errors)
    {
        var spec = ingress.Spec ?? new IngressSpec();
        if ((spec.Rules is null || spec.Rules.Count == 0) && spec.DefaultBackend is null)
        {
            // Upstream prints the Go value of spec.rules here (%#v of a slice), not JSON.
            var rules = spec.Rules is null ? "[]networking.IngressRule(nil)" : "[]networking.IngressRule{}";
            errors.Add(new FieldError("spec", $"Invalid value: {rules}: either `defaultBackend` or `rules` must be specified"));
        }

        if (spec.DefaultBackend is { } defaultBackend)
        {
            ValidateBackend(defaultBackend, "spec.defaultBackend", errors);
        }

        for (var i = 0; i < (spec.Rules?.Count ?? 0); i++)
        {
            ValidateRule(spec.Rules![i], FieldPath.Index("spec.rules", i), errors);
        }

        for (var i = 0; i < (spec.Tls?.Count ?? 0); i++)
        {
            var tls = spec.Tls![i];
            var path = FieldPath.Index("spec.tls", i);
            for (var h = 0; h < (tls.Hosts?.Count ?? 0); h++)
            {
                var host = tls.Hosts![h];
                if (CheckHost(host) is { } problem)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Index(FieldPath.Child(path, "hosts"), h), host, problem));
                }
            }

            if (tls.SecretName is { Length: > 0 } secretName && NameRules.CheckDns1123Subdomain(secretName) is { } secretProblem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "secretName"), secretName, secretProblem));
            }
        }

        if (spec.IngressClassName is { } className && NameRules.CheckDns1123Subdomain(className) is { } classProblem)
        {
            errors.Add(FieldError.Invalid("spec.ingressClassName", className, classProblem));
        }

        // Upstream checks this on create only; an update keeps what create accepted, so checking it again changes nothing.
        if (ingress.Metadata.Annotations?.GetValueOrDefault(ClassAnnotation) is { } annotated && spec.IngressClassName is { } named && annotated != named)
        {
            errors.Add(FieldError.Invalid($"annotations.{ClassAnnotation}", annotated, "must match `ingressClassName` when both are specified"));
        }
    }

    public static void Validate(IngressClass ingressClass, List<FieldError> errors)
    {
        var spec = ingressClass.Spec ?? new IngressClassSpec();
        if (string.IsNullOrEmpty(spec.Controller))
        {
            errors.Add(FieldError.Required("spec.controller"));
        }
        else
        {
            if (spec.Controller.Length > MaxControllerLength)
            {
                errors.Add(new FieldError("spec.controller", $"Too long: may not be more than {MaxControllerLength} bytes"));
            }

            ValidateDomainPrefixedPath(spec.Controller, "spec.controller", errors);
        }

        if (spec.Parameters is { } parameters)
        {
            ValidateParameters(parameters, "spec.parameters", errors);
        }
    }

    /// <summary>An IngressClass's controller cannot change (upstream's update validation).</summary>
    public static FieldError? CheckUpdate(IngressClass current, IngressClass updated) =>
        current.Spec?.Controller != updated.Spec?.Controller
            ? FieldError.Invalid("spec.controller", updated.Spec?.Controller ?? "", "field is immutable")
            : null;

    private static void ValidateRule(IngressRule rule, string path, List<FieldError> errors)
    {
        if (rule.Host is { Length: > 0 } host)
        {
            var hostPath = FieldPath.Child(path, "host");
            if (LooksLikeIp(host))
            {
                errors.Add(FieldError.Invalid(hostPath, host, "must be a DNS name, not an IP address"));
            }

            if (CheckHost(host) is { } problem)
            {
                errors.Add(FieldError.Invalid(hostPath, host, problem));
            }
        }

        if (rule.Http is not { } http)
        {
            return;
        }

        var httpPath = FieldPath.Child(path, "http");
        var pathsPath = FieldPath.Child(httpPath, "paths");
        if (http.Paths is null || http.Paths.Count == 0)
        {
            errors.Add(FieldError.Required(pathsPath));
        }

        for (var i = 0; i < (http.Paths?.Count ?? 0); i++)
        {
            ValidatePath(http.Paths![i], FieldPath.Index(pathsPath, i), errors);
        }
    }

    private static void ValidatePath(HttpIngressPath path, string at, List<FieldError> errors)
    {
        if (path.PathType is not { } type)
        {
            errors.Add(FieldError.Required(FieldPath.Child(at, "pathType"), "pathType must be specified"));
            return;
        }

        var value = path.Path ?? "";
        var pathAt = FieldPath.Child(at, "path");
        switch (type)
        {
            case PathType.Exact or PathType.Prefix:
                if (!value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(pathAt, value, "must be an absolute path"));
                }

                if (value.Length > 0)
                {
                    foreach (var sequence in InvalidPathSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                    {
                        errors.Add(FieldError.Invalid(pathAt, value, $"must not contain '{sequence}'"));
                    }

                    foreach (var suffix in InvalidPathSuffixes.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                    {
                        errors.Add(FieldError.Invalid(pathAt, value, $"cannot end with '{suffix}'"));
                    }
                }

                break;
            case PathType.ImplementationSpecific:
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(pathAt, value, "must be an absolute path"));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.Child(at, "pathType"), type.ToString(), PathTypes));
                break;
        }

        ValidateBackend(path.Backend ?? new IngressBackend(), FieldPath.Child(at, "backend"), errors);
    }

    private static void ValidateBackend(IngressBackend backend, string path, List<FieldError> errors)
    {
        switch (backend)
        {
            case { Resource: not null, Service: not null }:
                errors.Add(FieldError.Invalid(path, "", "cannot set both resource and service backends"));
                break;
            case { Resource: { } resource }:
                ValidateResourceReference(resource, FieldPath.Child(path, "resource"), errors);
                break;
            case { Service: { } service }:
                var servicePath = FieldPath.Child(path, "service");
                if (string.IsNullOrEmpty(service.Name))
                {
                    errors.Add(FieldError.Required(FieldPath.Child(servicePath, "name")));
                }
                else if (ObjectValidator.CheckDns1035Label(service.Name) is { } nameProblem)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(servicePath, "name"), service.Name, nameProblem));
                }

                var portName = service.Port?.Name ?? "";
                var portNumber = service.Port?.Number ?? 0;
                var portPath = FieldPath.Child(servicePath, "port");
                if (portName.Length > 0 && portNumber != 0)
                {
                    errors.Add(FieldError.Invalid(path, "", "cannot set both port name & port number"));
                }
                else if (portName.Length > 0)
                {
                    foreach (var problem in PortNameProblems(portName))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "name"), portName, problem));
                    }
                }
                else if (portNumber != 0)
                {
                    if (portNumber is < 1 or > 65535)
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "number"), portNumber, "must be between 1 and 65535, inclusive"));
                    }
                }
                else
                {
                    errors.Add(FieldError.Required(path, "port name or number is required"));
                }

                break;
            default:
                errors.Add(FieldError.Invalid(path, "", "resource or service backend is required"));
                break;
        }
    }

    private static void ValidateResourceReference(TypedLocalObjectReference reference, string path, List<FieldError> errors)
    {
        if (reference.ApiGroup is { } group && NameRules.CheckDns1123Subdomain(group) is { } groupProblem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "apiGroup"), group, groupProblem));
        }

        ValidateSegment(reference.Kind, FieldPath.Child(path, "kind"), errors);
        ValidateSegment(reference.Name, FieldPath.Child(path, "name"), errors);
    }

    private static void ValidateParameters(IngressClassParametersReference parameters, string path, List<FieldError> errors)
    {
        if (parameters.ApiGroup is { } group && NameRules.CheckDns1123Subdomain(group) is { } groupProblem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "apiGroup"), group, groupProblem));
        }

        ValidateSegment(parameters.Kind, FieldPath.Child(path, "kind"), errors);
        ValidateSegment(parameters.Name, FieldPath.Child(path, "name"), errors);
        var namespacePath = FieldPath.Child(path, "namespace");
        switch (parameters.Scope)
        {
            case null:
                errors.Add(FieldError.Required(FieldPath.Child(path, "scope")));
                break;
            case "Namespace" when parameters.Namespace is null:
                errors.Add(FieldError.Required(namespacePath, "`parameters.scope` is set to 'Namespace'"));
                break;
            case "Namespace":
                if (NameRules.CheckDns1123Label(parameters.Namespace) is { } namespaceProblem)
                {
                    errors.Add(FieldError.Invalid(namespacePath, parameters.Namespace, namespaceProblem));
                }

                break;
            case "Cluster" when parameters.Namespace is not null:
                errors.Add(FieldError.Forbidden(namespacePath, "`parameters.scope` is set to 'Cluster'"));
                break;
            case "Cluster":
                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.Child(path, "scope"), parameters.Scope, Scopes));
                break;
        }
    }

    /// <summary>upstream's IsPathSegmentName: a name that can be one segment of a URL path.</summary>
    private static void ValidateSegment(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(FieldError.Required(path));
            return;
        }

        if (value is "." or "..")
        {
            errors.Add(FieldError.Invalid(path, value, $"may not be '{value}'"));
        }

        foreach (var illegal in new[] { "/", "%" }.Where(s => value.Contains(s, StringComparison.Ordinal)))
        {
            errors.Add(FieldError.Invalid(path, value, $"may not contain '{illegal}'"));
        }
    }

    /// <summary>upstream's IsDomainPrefixedPath: <c>acme.io/foo</c>.</summary>
    private static void ValidateDomainPrefixedPath(string value, string path, List<FieldError> errors)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            errors.Add(FieldError.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            return;
        }

        var host = value[..slash];
        if (NameRules.CheckDns1123Subdomain(host) is { } hostProblem)
        {
            errors.Add(FieldError.Invalid(path, host, hostProblem));
        }

        var rest = value[(slash + 1)..];
        if (!HttpPath().IsMatch(rest))
        {
            errors.Add(FieldError.Invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
        }
    }

    /// <summary>A rule's or a TLS entry's host: a DNS subdomain, or a wildcard one (<c>*.example.com</c>).</summary>
    private static string? CheckHost(string host) =>
        host.Contains('*', StringComparison.Ordinal)
            ? (host.Length <= 253 && WildcardSubdomain().IsMatch(host) ? null : WildcardMessage)
            : NameRules.CheckDns1123Subdomain(host);

    // As Go's ParseIP: dotted-quad IPv4 or IPv6 (.NET's parser also takes "1" or "1.2" as IPv4, Go's does not).
    private static bool LooksLikeIp(string host) =>
        IPAddress.TryParse(host, out var ip) && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || host.Count(c => c == '.') == 3);

    /// <summary>upstream's IsValidPortName (an IANA service name).</summary>
    internal static IEnumerable<string> PortNameProblems(string name)
    {
        if (name.Length > 15)
        {
            yield return "must be no more than 15 characters";
        }

        if (!PortNameCharset().IsMatch(name))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (!name.Any(c => c is >= 'a' and <= 'z'))
        {
            yield return "must contain at least one letter (a-z)";
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }

        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            yield return "must not begin or end with a hyphen";
        }
    }

    [GeneratedRegex("^\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex WildcardSubdomain();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharset();

    [GeneratedRegex("^[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+$")]
    private static partial Regex HttpPath();
}
