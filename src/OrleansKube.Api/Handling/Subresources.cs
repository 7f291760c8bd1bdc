using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Responses;
using OrleansKube.Api.Routing;
using OrleansKube.Api.Writing;
using OrleansKube.Control.Workloads.Disruption;
using OrleansKube.Grains.Objects;
using OrleansKube.Manifests.Patching;
using OrleansKube.Control.Workloads;

namespace OrleansKube.Api.Handling;

/// <summary>The subresources: status, scale, binding (and the legacy bindings collection), eviction, log; exec and its kin are refused.</summary>
internal sealed class Subresources(IGrainFactory grains, ResourceWrites writes)
{
    private IApiGrain Api => grains.GetGrain<IApiGrain>(0);

    public Task ServeAsync(HttpContext context, ApiPath route)
    {
        var method = context.Request.Method;
        return (route.Subresource, method) switch
        {
            (ApiPath.LegacyBindings, "POST") or ("binding", "POST") => BindAsync(context, route),
            ("eviction", "POST") => EvictAsync(context, route),
            ("log", "GET") => LogAsync(context, route),
            ("status", "GET") => GetAsync(context, route),
            ("status", "PUT") => PutStatusAsync(context, route),
            ("status", "PATCH") => PatchStatusAsync(context, route),
            ("scale", "GET") => GetScaleAsync(context, route),
            ("scale", "PUT" or "PATCH") => WriteScaleAsync(context, route),
            ("exec" or "attach" or "portforward" or "proxy", _) => throw ApiStatus.BadRequest(
                $"{route.Subresource} is not available on a simulated container: {route.Kind.Plural} \"{route.Name}\" runs no processes"),
            _ => throw ApiStatus.MethodNotAllowed(),
        };
    }

    private async Task GetAsync(HttpContext context, ApiPath route) =>
        await HttpJson.WriteObjectAsync(context, 200, await ResourceReads.GetObjectAsync(grains, route), route.Version);

    private async Task PutStatusAsync(HttpContext context, ApiPath route)
    {
        var validation = BodyDecoding.Validation(context.Request.Query["fieldValidation"]);
        var (obj, _) = BodyDecoding.Decode(await RequestBody.ReadAsync(context, route.Version is not null), context.Request.ContentType, route.Kind, validation, route.Version);
        ResourceWrites.PlaceInNamespace(obj, route);
        obj.Metadata.Name ??= route.Name;
        await HttpJson.WriteObjectAsync(context, 200, await StatusStore(route).UpdateStatusAsync(obj), route.Version);
    }

    private async Task PatchStatusAsync(HttpContext context, ApiPath route)
    {
        var type = BodyDecoding.PatchType(context.Request.ContentType);
        var validation = BodyDecoding.Validation(context.Request.Query["fieldValidation"]);
        var store = StatusStore(route);
        var (code, stored) = await writes.PatchObjectAsync(route, type, await RequestBody.ReadAsync(context), validation, context, store.UpdateStatusAsync);
        await HttpJson.WriteObjectAsync(context, code, stored, route.Version);
    }

    private ObjectStore StatusStore(ApiPath route) => ObjectStore.For(grains, ObjectKey.For(route.Kind, route.Namespace ?? "", route.Name!));

    private async Task GetScaleAsync(HttpContext context, ApiPath route) =>
        await HttpJson.WriteAsync(context, 200, Scale(await ResourceReads.GetObjectAsync(grains, route)));

    /// <summary>PUT or PATCH of autoscaling/v1 Scale: only spec.replicas moves, through an update of the workload.</summary>
    private async Task WriteScaleAsync(HttpContext context, ApiPath route)
    {
        PatchType? type = context.Request.Method == "PUT" ? null : BodyDecoding.PatchType(context.Request.ContentType);
        var bytes = await RequestBody.ReadAsync(context);
        var body = (type == PatchType.JsonPatch ? null : BodyDecoding.Json(bytes)) ?? new JsonObject();
        for (var attempt = 1; ; attempt++)
        {
            var current = await ResourceReads.GetObjectAsync(grains, route);
            var scale = type is { } patchType ? BodyDecoding.PatchDocument(Scale(current), patchType, bytes) : body;
            var pinned = body["metadata"]?["resourceVersion"]?.GetValue<string>() is { Length: > 0 } rv ? rv : null; // the client's precondition, not the version it patched
            if (scale["spec"]?["replicas"] is not JsonValue replicasNode || !replicasNode.TryGetValue<int>(out var replicas))
            {
                throw new ApiStatus(422, "Invalid", $"Scale.autoscaling \"{route.Name}\" is invalid: spec.replicas: Required value") { Causes = [StatusCause.Parse("spec.replicas: Required value")] };
            }

            var updated = WithReplicas(current, replicas);
            updated.Metadata.ResourceVersion = pinned ?? current.Metadata.ResourceVersion;
            try
            {
                await HttpJson.WriteAsync(context, 200, Scale(await Api.UpdateAsync(updated)));
                return;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict && pinned is null && attempt < 10)
            {
                // a controller's status write came in between: scale the newer version
            }
        }
    }

    private static KubeObject WithReplicas(KubeObject current, int replicas) =>
        ScaleSubresource.WithReplicas(current, replicas) ?? throw ApiStatus.NotFoundPath();

    /// <summary>The autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet.</summary>
    private static JsonObject Scale(KubeObject obj)
    {
        var (specReplicas, statusReplicas, selector) = ScaleSubresource.Of(obj) ?? throw ApiStatus.NotFoundPath();
        var metadata = new JsonObject { ["name"] = obj.Metadata.Name, ["namespace"] = obj.Metadata.Namespace, ["uid"] = obj.Metadata.Uid, ["resourceVersion"] = obj.Metadata.ResourceVersion };
        if (obj.Metadata.CreationTimestamp is { } created)
        {
            metadata["creationTimestamp"] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = specReplicas },
            ["status"] = new JsonObject { ["replicas"] = statusReplicas, ["selector"] = SelectorText(selector) },
        };
    }

    private static string SelectorText(LabelSelector? selector) =>
        selector?.MatchLabels is { } labels ? string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) : "";

    /// <summary>POST …/pods/{name}/binding (or the legacy …/bindings, the Binding naming the pod): 201 Status Success.</summary>
    private async Task BindAsync(HttpContext context, ApiPath route)
    {
        if (BodyDecoding.Json(await RequestBody.ReadAsync(context)) is not JsonObject binding)
        {
            throw ApiStatus.BadRequest("the request body must be a Binding");
        }

        var name = route.Name ?? binding["metadata"]?["name"]?.GetValue<string>() ?? throw new ApiStatus(422, "Invalid", "Binding \"\" is invalid: metadata.name: Required value") { Causes = [StatusCause.Parse("metadata.name: Required value")] };
        var node = binding["target"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(node))
        {
            throw new ApiStatus(422, "Invalid", $"Binding \"{name}\" is invalid: target.name: Required value") { Causes = [StatusCause.Parse("target.name: Required value")] };
        }

        try
        {
            await Api.BindAsync(route.Namespace!, name, node);
        }
        catch (ApiException e)
        {
            throw ApiStatus.From(e, Kinds.Pod, name);
        }

        await HttpJson.WriteAsync(context, 201, ApiStatus.Success(201));
    }

    /// <summary>POST …/pods/{name}/eviction: 201 Status Success, then the pod goes gracefully; 429 when its disruption budget allows no disruption.</summary>
    private async Task EvictAsync(HttpContext context, ApiPath route)
    {
        var body = await RequestBody.ReadAsync(context);
        long? grace = null;
        if (BodyDecoding.Json(body) is JsonObject eviction && eviction["deleteOptions"]?["gracePeriodSeconds"] is JsonValue value)
        {
            grace = value.GetValue<long>();
        }

        await ResourceReads.GetObjectAsync(grains, route);
        try
        {
            await Api.EvictAsync(route.Namespace!, route.Name!, grace);
        }
        catch (ApiException e) when (e.Reason == ApiErrorReason.TooManyRequests)
        {
            // Upstream's NewTooManyRequests: details hold only the budget's cause, no name or kind.
            throw ApiStatus.From(e, null, null);
        }
        catch (ApiException e) when (e.Message == EvictionCheck.MultipleBudgetsMessage)
        {
            // Upstream returns this Status as the eviction's result: a code and a message, no reason.
            throw new ApiStatus(500, "", e.Message);
        }

        await HttpJson.WriteAsync(context, 201, ApiStatus.Success(201));
    }

    /// <summary>
    /// GET …/pods/{name}/log: the container's simulated life as text (<c>PodLogs</c>, through the API grain). With follow
    /// the stream stays open and gets the lines the simulation adds (looked at every second) until the pod has finished
    /// or gone, or the client leaves.
    /// </summary>
    private async Task LogAsync(HttpContext context, ApiPath route)
    {
        var query = context.Request.Query;
        var container = query["container"].ToString() is { Length: > 0 } c ? c : null;
        long? Number(string key) => long.TryParse(query[key].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
        bool Flag(string key) => query[key].ToString() is "true" or "1";
        var timestamps = Flag("timestamps");
        string text;
        try
        {
            text = await Api.GetLogAsync(route.Namespace!, route.Name!, container, Number("tailLines"), Flag("previous"), timestamps, Number("sinceSeconds"), Number("limitBytes"));
        }
        catch (ApiException e)
        {
            throw ApiStatus.From(e, Kinds.Pod, route.Name!);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        if (!Flag("follow"))
        {
            return;
        }

        // The log only grows as the simulation runs: remember how many lines there are, write the ones added since.
        var known = Lines(await Api.GetLogAsync(route.Namespace!, route.Name!, container, timestamps: timestamps)).Length;
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
            if (await Api.GetAsync(Kinds.Pod.Kind, route.Namespace, route.Name!) is not Model.Core.Pod { Status.Phase: not (Model.Core.PodPhase.Succeeded or Model.Core.PodPhase.Failed) })
            {
                return; // finished or gone: upstream ends the stream when the container does
            }

            var lines = Lines(await Api.GetLogAsync(route.Namespace!, route.Name!, container, timestamps: timestamps));
            foreach (var line in lines.Skip(known))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            }

            known = Math.Max(known, lines.Length);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
