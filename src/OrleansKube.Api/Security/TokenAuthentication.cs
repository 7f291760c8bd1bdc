using Microsoft.AspNetCore.Http;

namespace OrleansKube.Api.Security;

/// <summary>
/// Bearer tokens from the token file, then <see cref="ApiAuthorizer"/>. A request without credentials is anonymous
/// only on the public-info paths (upstream's system:public-info-viewer: <c>/version</c>, <c>/healthz</c>, <c>/livez</c>,
/// <c>/readyz</c>, as an anonymous authenticator limited to those paths allows); anywhere else it gets 401, like an
/// unknown token does everywhere.
/// </summary>
public sealed class TokenAuthentication(TokenFile tokens)
{
    private static readonly HashSet<string> PublicPaths = new(StringComparer.Ordinal) { "/version", "/healthz", "/livez", "/readyz" };

    /// <summary>The user a request was authenticated as, for whoever serves it.</summary>
    public static ApiUser? UserOf(HttpContext context) => context.Items.TryGetValue(typeof(ApiUser), out var user) ? user as ApiUser : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var user = Authenticate(request.Headers.Authorization.ToString(), request.Path.Value ?? "/");
        var refusal = user is null
            ? ApiRefusal.Unauthorized
            : ApiAuthorizer.Authorize(user, RequestAttributes.From(request.Method, request.Path.Value ?? "/", request.Query["watch"].ToString()));
        if (refusal is not null)
        {
            await refusal.WriteAsync(context.Response);
            return;
        }

        context.Items[typeof(ApiUser)] = user;
        await next(context);
    }

    /// <summary>The request's user; null when it must get 401 (an unknown or empty token, or none off the public paths).</summary>
    public ApiUser? Authenticate(string authorization, string path)
    {
        // Upstream's bearer authenticator: "Bearer <token>[ …]", the scheme in any case; anything else is no credentials.
        var parts = authorization.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return PublicPaths.Contains(path.Length > 1 ? path.TrimEnd('/') : path) ? ApiUser.Anonymous : null;
        }

        return parts[1].Length == 0 ? null : tokens.Authenticate(parts[1]);
    }
}
