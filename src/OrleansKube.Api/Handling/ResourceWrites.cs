using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Responses;
using OrleansKube.Api.Routing;
using OrleansKube.Api.Writing;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Patching;
using OrleansKube.Manifests.Reading;
using OrleansKube.Manifests.Validation;

namespace OrleansKube.Api.Handling;

/// <summary>POST, PUT, PATCH and DELETE of objects, through the same API grain okctl uses (defaulting, admission, validation stay there).</summary>
internal sealed class ResourceWrites(IGrainFactory grains)
{
    /// <summary>How often a patch without a resourceVersion is tried again when another write came in between.</summary>
    private const int PatchAttempts = 10;

    private IApiGrain Api => grains.GetGrain<IApiGrain>(0);

    public async Task CreateAsync(HttpContext context, ApiPath route)
    {
        var validation = BodyDecoding.Validation(context.Request.Query["fieldValidation"]);
        var (obj, warnings) = BodyDecoding.Decode(await RequestBody.ReadAsync(context, route.Version is not null), context.Request.ContentType, route.Kind, validation, route.Version);
        PlaceInNamespace(obj, route);
        Warn(context, warnings);
        if (IsDryRun(context))
        {
            await HttpJson.WriteObjectAsync(context, 201, await DryRunCreateAsync(obj, route), route.Version);
            return;
        }

        await HttpJson.WriteObjectAsync(context, 201, await NamedAsync(Api.CreateAsync(obj), route, obj), route.Version);
    }

    /// <summary>A refusal about the body's object names it in its details (kubectl prints <c>The Deployment "x" is invalid</c> from them).</summary>
    private static async Task<KubeObject> NamedAsync(Task<KubeObject> write, ApiPath route, KubeObject obj)
    {
        try
        {
            return await write;
        }
        catch (ApiException e)
        {
            throw ApiStatus.From(e, route.Kind, obj.Metadata.Name ?? route.Name);
        }
    }

    public async Task UpdateAsync(HttpContext context, ApiPath route)
    {
        var validation = BodyDecoding.Validation(context.Request.Query["fieldValidation"]);
        var (obj, warnings) = BodyDecoding.Decode(await RequestBody.ReadAsync(context, route.Version is not null), context.Request.ContentType, route.Kind, validation, route.Version);
        PlaceInNamespace(obj, route);
        CheckName(obj, route);
        Warn(context, warnings);
        if (IsDryRun(context))
        {
            await ResourceReads.GetObjectAsync(grains, route);
            await HttpJson.WriteObjectAsync(context, 200, Validated(obj), route.Version);
            return;
        }

        await HttpJson.WriteObjectAsync(context, 200, await NamedAsync(Api.UpdateAsync(obj), route, obj), route.Version);
    }

    public async Task PatchAsync(HttpContext context, ApiPath route)
    {
        var type = BodyDecoding.PatchType(context.Request.ContentType);
        var validation = BodyDecoding.Validation(context.Request.Query["fieldValidation"]);
        var body = await RequestBody.ReadAsync(context);
        var dryRun = IsDryRun(context);
        var (code, stored) = await PatchObjectAsync(route, type, body, validation, context, write: dryRun ? obj => Task.FromResult(Validated(obj)) : Api.UpdateAsync);
        await HttpJson.WriteObjectAsync(context, code, stored, route.Version);
    }

    /// <summary>
    /// get → patch → write, again on a conflict when the patch pins no resourceVersion (kubectl's patches do not); an
    /// apply on a missing object creates it (201). Used by the main resource and its status subresource.
    /// </summary>
    public async Task<(int Code, KubeObject Stored)> PatchObjectAsync(ApiPath route, PatchType type, byte[] body, FieldValidation validation, HttpContext context, Func<KubeObject, Task<KubeObject>> write)
    {
        // Merge patches are JSON; an apply body may be YAML, read (bounded) only by the patch engine, and retries as upstream's apply does.
        var pinned = type is PatchType.MergePatch or PatchType.StrategicMergePatch && BodyDecoding.Json(body) is JsonObject p && p["metadata"]?["resourceVersion"] is not null;
        var manager = context.Request.Query["fieldManager"].ToString();
        for (var attempt = 1; ; attempt++)
        {
            var current = await Api.GetAsync(route.Kind.Plural, route.Namespace, route.Name!);
            if (current is null)
            {
                if (type != PatchType.Apply || route.Subresource is not null)
                {
                    throw ApiStatus.From(new ApiException(ApiError.NotFound(route.Kind, route.Name!)), route.Kind, route.Name);
                }

                var applied = BodyDecoding.Patch(new JsonObject(), type, body, PatchedKind(route));
                StampApply(applied, PatchedKind(route), manager, await Api.NowAsync(), body);
                var (created, createWarnings) = BodyDecoding.Decode(ToStored(applied, route), route.Kind, validation);
                PlaceInNamespace(created, route);
                CheckName(created, route);
                Warn(context, createWarnings);
                return (201, IsDryRun(context) ? await DryRunCreateAsync(created, route) : await NamedAsync(Api.CreateAsync(created), route, created));
            }

            // Under another version the patch applies to the object in that version, as upstream patches the versioned object.
            var patched = BodyDecoding.Patch(HttpJson.ToNode(current, route.Version), type, body, PatchedKind(route));
            if (type == PatchType.Apply)
            {
                StampApply(patched, PatchedKind(route), manager, await Api.NowAsync(), body);
            }

            var (obj, warnings) = BodyDecoding.Decode(ToStored(patched, route), route.Kind, validation);
            CheckName(obj, route);
            if (!pinned)
            {
                obj.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
            }

            try
            {
                var stored = await NamedAsync(write(obj), route, obj);
                Warn(context, warnings);
                return (200, stored);
            }
            catch (ApiStatus e) when (e.Reason == nameof(ApiErrorReason.Conflict) && !pinned && attempt < PatchAttempts)
            {
                // another writer (a controller's status) came in between: patch the newer version
            }
        }
    }

    /// <summary>The kind in the request's version: the patch engine keeps (and an apply must name) that apiVersion.</summary>
    private static KindInfo PatchedKind(ApiPath route) => route.Version is { } version ? route.Kind.InVersion(version) : route.Kind;

    /// <summary>A patched object of the request's version in the stored version.</summary>
    private static JsonObject ToStored(JsonObject patched, ApiPath route) => route.Version is { } version ? version.Converter.ToStored(patched) : patched;

    /// <summary>Server-side apply records its manager in managedFields (operation Apply), as upstream does.</summary>
    private static void StampApply(JsonObject obj, KindInfo kind, string manager, DateTimeOffset now, byte[] body)
    {
        var applied = BodyDecoding.Patch(new JsonObject(), PatchType.Apply, body, kind);
        ManagedFields.Stamp(obj, ManagedFieldsOperation.Apply, manager.Length > 0 ? manager : "unknown", now, PatchSchema.For(kind), applied);
    }

    public async Task DeleteAsync(HttpContext context, ApiPath route)
    {
        var (grace, propagation, dryRun) = await DeleteOptionsAsync(context);
        if (dryRun)
        {
            var existing = await ResourceReads.GetObjectAsync(grains, route);
            await WriteDeletedAsync(context, route, existing);
            return;
        }

        var deleted = await Api.DeleteAsync(route.Kind.Plural, route.Namespace, route.Name!, grace, propagation);
        await WriteDeletedAsync(context, route, deleted);
    }

    /// <summary>Pods and namespaces answer with the object (clients type the answer so); other kinds with a success Status.</summary>
    private static Task WriteDeletedAsync(HttpContext context, ApiPath route, KubeObject deleted) =>
        route.Kind == Kinds.Pod || route.Kind == Kinds.Namespace
            ? HttpJson.WriteObjectAsync(context, 200, deleted)
            : HttpJson.WriteAsync(context, 200, ApiStatus.Success(200, route.Kind, route.Name, deleted.Metadata.Uid));

    /// <summary>DeleteOptions from the body (kubectl sends <c>{"propagationPolicy":"Background"}</c>) or the query.</summary>
    private static async Task<(long? Grace, DeletionPropagation Propagation, bool DryRun)> DeleteOptionsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var grace = ResourceReads.Long(query, "gracePeriodSeconds");
        var propagation = query["propagationPolicy"].ToString();
        var dryRun = IsDryRun(context);
        var body = await RequestBody.ReadAsync(context);
        if (BodyDecoding.Json(body) is JsonObject options)
        {
            try
            {
                grace = options["gracePeriodSeconds"]?.GetValue<long>() ?? grace;
                propagation = options["propagationPolicy"]?.GetValue<string>() ?? propagation;
                dryRun |= options["dryRun"] is JsonArray modes && modes.Any(m => m?.GetValue<string>() == "All");
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw ApiStatus.BadRequest($"cannot decode DeleteOptions: {e.Message}");
            }
        }

        var policy = propagation switch
        {
            "" or "Background" => DeletionPropagation.Background,
            "Foreground" => DeletionPropagation.Foreground,
            "Orphan" => DeletionPropagation.Orphan,
            _ => throw new ApiStatus(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
            {
                Causes = [StatusCause.Parse($"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")],
            },
        };
        if (grace < 0)
        {
            grace = 0;
        }

        return (grace, policy, dryRun);
    }

    /// <summary>A create that stores nothing: defaulted and validated as the API grain would, refused if the name is taken.</summary>
    private async Task<KubeObject> DryRunCreateAsync(KubeObject obj, ApiPath route)
    {
        var checkedObj = Validated(obj);
        if (!string.IsNullOrEmpty(checkedObj.Metadata.Name) && await Api.GetAsync(route.Kind.Plural, route.Namespace, checkedObj.Metadata.Name) is not null)
        {
            throw ApiStatus.From(new ApiException(ApiError.AlreadyExists(route.Kind, checkedObj.Metadata.Name)), route.Kind, checkedObj.Metadata.Name);
        }

        return checkedObj;
    }

    private static KubeObject Validated(KubeObject obj)
    {
        ObjectDefaults.ApplyNamespace(obj);
        ObjectDefaults.Apply(obj);
        var problems = ObjectValidator.Validate(obj).Select(p => p.ToString()).ToList();
        return problems.Count > 0 ? throw ApiStatus.From(new ApiException(ApiError.Invalid(Kinds.Of(obj), obj.Metadata.Name ?? "", problems)), Kinds.Of(obj), obj.Metadata.Name) : obj;
    }

    public static bool IsDryRun(HttpContext context)
    {
        var modes = context.Request.Query["dryRun"];
        return modes.Count > 0 && (modes.Contains("All") ? true : throw ApiStatus.BadRequest($"dryRun: Unsupported value: \"{modes}\": supported values: \"All\""));
    }

    /// <summary>The URL's namespace is the object's; a different one in the body is upstream's BadRequest.</summary>
    public static void PlaceInNamespace(KubeObject obj, ApiPath route)
    {
        if (!route.Kind.Namespaced)
        {
            return;
        }

        if (string.IsNullOrEmpty(obj.Metadata.Namespace))
        {
            obj.Metadata.Namespace = route.Namespace;
        }
        else if (route.Namespace is not null && obj.Metadata.Namespace != route.Namespace)
        {
            throw ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void CheckName(KubeObject obj, ApiPath route)
    {
        if (string.IsNullOrEmpty(obj.Metadata.Name))
        {
            obj.Metadata.Name = route.Name;
        }
        else if (obj.Metadata.Name != route.Name)
        {
            throw ApiStatus.BadRequest($"the name of the object ({obj.Metadata.Name}) does not match the name on the URL ({route.Name})");
        }
    }

    /// <summary>Upstream's <c>Warning</c> headers (kubectl prints them as <c>Warning: …</c>).</summary>
    private static void Warn(HttpContext context, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
