namespace OrleansKube.Api.Security;

/// <summary>
/// What a request asks to do, as upstream's RequestInfoFactory reads it from the method and the path: a verb on a
/// resource (group, namespace, resource, subresource, name) or on a non-resource path (<c>/version</c>, <c>/api</c>).
/// </summary>
public sealed record RequestAttributes(bool IsResourceRequest, string Verb, string Path, string ApiGroup = "", string ApiVersion = "", string Namespace = "", string Resource = "", string Subresource = "", string Name = "")
{
    // /api/v1/namespaces/{name}/status and …/finalize are subresources of the namespace, not a namespaced resource.
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path, without the query.</param>
    /// <param name="watch">The <c>watch</c> query parameter (a GET on a collection with <c>watch=true|1</c> is a watch).</param>
    public static RequestAttributes From(string method, string path, string? watch)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestAttributes(false, method.ToLowerInvariant(), path);

        // /api/v1/… (core) or /apis/{group}/{version}/…; the prefixes alone are discovery, not resources.
        int rest;
        string group;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, rest) = ("", 1);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, rest) = (parts[1], 2);
        }
        else
        {
            return nonResource;
        }

        var version = parts[rest];
        var segments = parts.AsSpan(rest + 1);
        var verb = method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        };
        if (segments[0] == "watch")
        {
            verb = "watch";
            segments = segments[1..];
        }

        // /api/v1/namespaces/{name} keeps {name} as its namespace too, as upstream's does.
        var ns = "";
        if (segments.Length >= 2 && segments[0] == "namespaces")
        {
            ns = segments[1];
            if (segments.Length > 2 && !NamespaceSubresources.Contains(segments[2]))
            {
                segments = segments[2..];
            }
        }

        if (segments.Length == 0)
        {
            return nonResource;
        }

        var resource = segments[0];
        var name = segments.Length >= 2 ? segments[1] : "";
        var subresource = segments.Length >= 3 ? segments[2] : "";

        if (name.Length == 0)
        {
            verb = verb switch
            {
                "get" when watch is "true" or "1" => "watch",
                "get" => "list",
                "delete" => "deletecollection",
                _ => verb,
            };
        }

        return new RequestAttributes(true, verb, path, group, version, ns, resource, subresource, name);
    }
}
