using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api.Discovery;
using OrleansKube.Api.OpenApi;
using OrleansKube.Api.Reading;
using OrleansKube.Api.Responses;
using OrleansKube.Api.Routing;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Api.Handling;

/// <summary>
/// Every request of the front: discovery, OpenAPI and version documents here; resource paths to the read, write and
/// subresource handlers. Refusals become upstream's <c>Status</c> bodies with their HTTP codes.
/// </summary>
public sealed class KubeApiHandler
{
    private readonly OpenApiDocuments _openApi = new();
    private readonly ResourceReads _reads;
    private readonly ResourceWrites _writes;
    private readonly Subresources _subresources;

    public KubeApiHandler(IServiceProvider silo)
    {
        var grains = silo.GetRequiredService<IGrainFactory>();
        // The silo's own reader (snapshot resourceVersions, watches from history) when it has one.
        var reader = silo.GetService<IKubeReader>() ?? new GrainKubeReader(grains, TimeProvider.System);
        _reads = new ResourceReads(grains, reader);
        _writes = new ResourceWrites(grains);
        _subresources = new Subresources(grains, _writes);
    }

    public async Task HandleAsync(HttpContext context)
    {
        ApiPath? route = null;
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (!await ServeDocumentAsync(context, path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/"))
            {
                route = ApiPath.Parse(path) ?? throw ApiStatus.NotFoundPath();
                await ServeResourceAsync(context, route);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away (a watch ended by kubectl's Ctrl+C)
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteStatusAsync(context, Failure(e, route));
        }
    }

    /// <summary>The Status of a failure: refusals keep their reason; anything else is an internal error, in one line.</summary>
    internal static ApiStatus Failure(Exception e, ApiPath? route) => e switch
    {
        ApiStatus status => status,
        ApiException refused => ApiStatus.From(refused, route?.Kind, route?.Name),
        TimeoutException => new ApiStatus(504, "Timeout", $"the server was unable to return a response in the time allotted: {e.Message}"),
        Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException => new ApiStatus(503, "ServiceUnavailable", e.Message),
        _ => new ApiStatus(500, "InternalError", $"an error on the server (\"{e.GetType().Name}: {e.Message}\") has prevented the request from succeeding"),
    };

    private async Task<bool> ServeDocumentAsync(HttpContext context, string path)
    {
        var accept = context.Request.Headers.Accept.ToString();
        switch (path)
        {
            case "/version":
                await HttpJson.WriteAsync(context, 200, KubeVersion.Info());
                return true;
            case "/healthz" or "/livez" or "/readyz":
                await HttpJson.WriteAsync(context, 200, "ok", "text/plain; charset=utf-8");
                return true;
            case "/api":
                await (MediaTypes.WantsAggregatedDiscovery(accept)
                    ? HttpJson.WriteAsync(context, 200, DiscoveryDocuments.Aggregated(core: true), DiscoveryDocuments.AggregatedContentType)
                    : HttpJson.WriteAsync(context, 200, DiscoveryDocuments.ApiVersions(context.Request.Host.Value ?? "localhost")));
                return true;
            case "/apis":
                await (MediaTypes.WantsAggregatedDiscovery(accept)
                    ? HttpJson.WriteAsync(context, 200, DiscoveryDocuments.Aggregated(core: false), DiscoveryDocuments.AggregatedContentType)
                    : HttpJson.WriteAsync(context, 200, DiscoveryDocuments.ApiGroupList()));
                return true;
            case "/openapi/v3":
                await HttpJson.WriteAsync(context, 200, _openApi.Index());
                return true;
            case "/openapi/v2":
                // A JSON v2 document breaks kubectl (it asks for protobuf); without one it uses its compiled-in types.
                throw ApiStatus.NotFoundPath();
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            await HttpJson.WriteAsync(context, 200, _openApi.Get(path["/openapi/v3/".Length..]) ?? throw ApiStatus.NotFoundPath());
            return true;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var groupVersion = segments switch
        {
            ["api", var v] => v,
            ["apis", var g, var v] => $"{g}/{v}",
            _ => null,
        };
        if (groupVersion is not null)
        {
            await HttpJson.WriteAsync(context, 200, DiscoveryDocuments.ResourceList(groupVersion) ?? throw ApiStatus.NotFoundPath());
            return true;
        }

        if (segments is ["apis", var group])
        {
            await HttpJson.WriteAsync(context, 200, DiscoveryDocuments.ApiGroup(group) ?? throw ApiStatus.NotFoundPath());
            return true;
        }

        return false;
    }

    private Task ServeResourceAsync(HttpContext context, ApiPath route)
    {
        var method = context.Request.Method;
        if (route.Subresource is not null)
        {
            return _subresources.ServeAsync(context, route);
        }

        return (method, route.IsCollection) switch
        {
            ("GET", true) => _reads.ListOrWatchAsync(context, route),
            ("GET", false) => _reads.GetAsync(context, route),
            ("POST", true) when route.Kind.Namespaced && route.Namespace is null => throw ApiStatus.MethodNotAllowed(), // creates name their namespace
            ("POST", true) => _writes.CreateAsync(context, route),
            ("PUT", false) => _writes.UpdateAsync(context, route),
            ("PATCH", false) => _writes.PatchAsync(context, route),
            ("DELETE", false) => _writes.DeleteAsync(context, route),
            _ => throw ApiStatus.MethodNotAllowed(),
        };
    }
}
