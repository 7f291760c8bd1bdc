namespace OrleansKube.Api.Routing;

/// <summary>
/// A resource path of the API, parsed: <c>/api/v1/namespaces/ns/pods/web/status</c> is pods, namespace ns, name web,
/// subresource status. A trailing <c>/</c> is the same path (the decks' scheduler POSTs to <c>…/binding/</c>).
/// </summary>
public sealed record ApiPath(KindInfo Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>The legacy <c>/api/v1/namespaces/{ns}/bindings</c> collection (a Binding names its pod).</summary>
    public const string LegacyBindings = "bindings";

    public bool IsCollection => Name is null;

    /// <summary>The version the request is in when it is not the kind's stored one (autoscaling/v1 of a HorizontalPodAutoscaler); null for the stored version.</summary>
    public KindVersion? Version { get; init; }

    /// <summary>The apiVersion of the objects the request sends and receives.</summary>
    public string ApiVersion => Version?.ApiVersion ?? Kind.ApiVersion;

    /// <summary>Parses a resource path; null when it names no served resource (the caller answers 404).</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string apiVersion;
        int rest;
        if (segments is ["api", var coreVersion, ..])
        {
            (apiVersion, rest) = (coreVersion, 2);
        }
        else if (segments is ["apis", var group, var version, ..])
        {
            (apiVersion, rest) = ($"{group}/{version}", 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        string? ns = null;
        if (tail is ["namespaces", var nsName, var third, ..] && third is not ("status" or "finalize"))
        {
            ns = nsName;
            tail = tail[2..];
            if (tail is [LegacyBindings] && apiVersion == "v1")
            {
                return new ApiPath(Kinds.Pod, ns, null, LegacyBindings);
            }
        }

        if (tail.Length is 0 or > 3)
        {
            return null;
        }

        if (Kinds.Resolve(apiVersion, tail[0]) is not var (kind, served))
        {
            return null;
        }

        var name = tail.Length > 1 ? tail[1] : null;
        if ((ns is not null && !kind.Namespaced) || (kind.Namespaced && ns is null && name is not null))
        {
            return null;
        }

        var subresource = tail.Length > 2 ? tail[2] : null;
        if (subresource is not null && kind.Subresources.All(s => s.Name != subresource))
        {
            return null;
        }

        return new ApiPath(kind, ns, name, subresource) { Version = served };
    }
}
