using Microsoft.AspNetCore.Http;

namespace OrleansKube.Api.Security;

/// <summary>
/// Who may do what once authenticated: <c>system:masters</c> everything (upstream's cluster-admin binding); anyone
/// else reads (get, list, watch, and every non-resource GET: discovery, OpenAPI, version) and may ask what it may do
/// (the self-subject reviews of upstream's system:basic-user). Refusals carry upstream's Forbidden message.
/// </summary>
public static class ApiAuthorizer
{
    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal) { "get", "list", "watch" };

    // Reaching into a container is a write even over a GET (upstream authorizes their websocket upgrades as create).
    private static readonly HashSet<string> ContainerSubresources = new(StringComparer.Ordinal) { "exec", "attach", "portforward" };

    private static readonly HashSet<(string Group, string Resource)> SelfReviews =
    [
        ("authorization.k8s.io", "selfsubjectaccessreviews"),
        ("authorization.k8s.io", "selfsubjectrulesreviews"),
        ("authentication.k8s.io", "selfsubjectreviews"),
    ];

    /// <summary>Null when <paramref name="user"/> may make <paramref name="request"/>; else upstream's 403.</summary>
    public static ApiRefusal? Authorize(ApiUser user, RequestAttributes request)
    {
        if (user.IsMaster)
        {
            return null;
        }

        if (!request.IsResourceRequest)
        {
            return request.Verb is "get" or "head" ? null : Forbidden(user, request);
        }

        if (ContainerSubresources.Contains(request.Subresource))
        {
            return Forbidden(user, request with { Verb = "create" });
        }

        if (ReadVerbs.Contains(request.Verb)
            || (request.Verb == "create" && request.Subresource.Length == 0 && SelfReviews.Contains((request.ApiGroup, request.Resource))))
        {
            return null;
        }

        return Forbidden(user, request);
    }

    /// <summary>Upstream's <c>responsewriters.Forbidden</c>: <c>pods "x" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "default"</c>.</summary>
    public static ApiRefusal Forbidden(ApiUser user, RequestAttributes request)
    {
        if (!request.IsResourceRequest)
        {
            return new(StatusCodes.Status403Forbidden, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"");
        }

        var resource = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        var reason = $"User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" {scope}";
        var qualified = request.ApiGroup.Length > 0 ? $"{request.Resource}.{request.ApiGroup}" : request.Resource;
        var message = request.Name.Length > 0 ? $"{qualified} \"{request.Name}\" is forbidden: {reason}" : $"{qualified} is forbidden: {reason}";
        return new(StatusCodes.Status403Forbidden, "Forbidden", message, request.Name, request.ApiGroup, request.Resource);
    }
}
