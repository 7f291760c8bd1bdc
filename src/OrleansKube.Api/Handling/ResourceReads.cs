using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Responses;
using OrleansKube.Api.Routing;
using OrleansKube.Api.Tables;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.Api.Handling;

/// <summary>GET of an item, a list (JSON or Table) and watches (one JSON event per line, flushed per event).</summary>
internal sealed class ResourceReads(IGrainFactory grains, IKubeReader reader)
{
    private IApiGrain Api => grains.GetGrain<IApiGrain>(0);

    public async Task GetAsync(HttpContext context, ApiPath route)
    {
        var obj = await GetObjectAsync(grains, route);
        if (MediaTypes.WantsTable(context.Request.Headers.Accept.ToString()))
        {
            var include = TableWriter.ParseInclude(context.Request.Query["includeObject"]);
            await HttpJson.WriteAsync(context, 200, TableWriter.Build(route.Kind, [obj], await Api.NowAsync(), include, obj.Metadata.ResourceVersion));
            return;
        }

        await HttpJson.WriteObjectAsync(context, 200, obj);
    }

    /// <summary>The object a path names, or upstream's NotFound.</summary>
    public static async Task<KubeObject> GetObjectAsync(IGrainFactory grains, ApiPath route) =>
        await grains.GetGrain<IApiGrain>(0).GetAsync(route.Kind.Plural, route.Namespace, route.Name!)
            ?? throw ApiStatus.From(new ApiException(ApiError.NotFound(route.Kind, route.Name!)), route.Kind, route.Name);

    public async Task ListOrWatchAsync(HttpContext context, ApiPath route)
    {
        var query = context.Request.Query;
        if (query["watch"].ToString() is "true" or "1")
        {
            await WatchAsync(context, route);
            return;
        }

        var page = await reader.ListAsync(
            new ListRequest(route.Kind.Plural, route.Namespace, Text(query["labelSelector"]), Text(query["fieldSelector"]),
                Long(query, "limit"), Text(query["continue"]), Text(query["resourceVersion"]), Text(query["resourceVersionMatch"])),
            context.RequestAborted);
        if (MediaTypes.WantsTable(context.Request.Headers.Accept.ToString()))
        {
            var include = TableWriter.ParseInclude(query["includeObject"]);
            var table = TableWriter.Build(route.Kind, page.Items, await Api.NowAsync(), include, page.ResourceVersion);
            if (page.Continue is not null)
            {
                table["metadata"]!["continue"] = page.Continue;
            }

            await HttpJson.WriteAsync(context, 200, table);
            return;
        }

        await WriteListAsync(context, route.Kind, page);
    }

    /// <summary>Writes <c>{Kind}List</c> straight to the response: a list of 150,000 pods is never one string.</summary>
    private static async Task WriteListAsync(HttpContext context, KindInfo kind, ListPage page)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        var pipe = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe); // a buffer writer: the serializer's own flushes do no synchronous IO
        writer.WriteStartObject();
        writer.WriteString("kind", $"{kind.Kind}List");
        writer.WriteString("apiVersion", kind.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", page.ResourceVersion);
        if (page.Continue is not null)
        {
            writer.WriteString("continue", page.Continue);
        }

        if (page.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        long sent = 0;
        foreach (var item in page.Items)
        {
            HttpJson.WriteObject(writer, item);
            if (writer.BytesCommitted - sent > 64 * 1024)
            {
                await pipe.FlushAsync(context.RequestAborted); // the serializer has committed the item to the pipe; send it
                sent = writer.BytesCommitted;
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
        await pipe.FlushAsync(context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context, ApiPath route)
    {
        var query = context.Request.Query;
        var table = MediaTypes.WantsTable(context.Request.Headers.Accept.ToString());
        var include = table ? TableWriter.ParseInclude(query["includeObject"]) : IncludeObject.None;
        var timeout = Long(query, "timeoutSeconds") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var request = new WatchRequest(route.Kind.Plural, route.Namespace, Text(query["labelSelector"]), Text(query["fieldSelector"]),
            Text(query["resourceVersion"]), Text(query["resourceVersionMatch"]), query["allowWatchBookmarks"].ToString() is "true" or "1",
            query["sendInitialEvents"].ToString() switch { "true" or "1" => true, "false" or "0" => false, _ => null }, timeout);

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout is { } limit)
        {
            ended.CancelAfter(limit);
        }

        await using var events = reader.WatchAsync(request, ended.Token).GetAsyncEnumerator(ended.Token);
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        await context.Response.Body.FlushAsync(context.RequestAborted); // headers now: clients wait for them before reading
        var first = true;
        while (true)
        {
            JsonObject line;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    return;
                }

                line = await EventLineAsync(route.Kind, events.Current, table, include, first);
                first = false;
            }
            catch (OperationCanceledException) when (ended.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                return; // timeoutSeconds ran out: the stream ends, as upstream ends it
            }
            catch (Exception e) when (e is ApiException or ApiStatus)
            {
                line = new JsonObject { ["type"] = "ERROR", ["object"] = KubeApiHandler.Failure(e, route).ToJson() };
                await WriteLineAsync(context, line);
                return;
            }

            await WriteLineAsync(context, line);
        }
    }

    private async Task<JsonObject> EventLineAsync(KindInfo kind, WatchEvent change, bool table, IncludeObject include, bool first)
    {
        JsonNode body;
        if (change.Type == WatchEventType.Bookmark || change.Object is null)
        {
            var metadata = new JsonObject { ["resourceVersion"] = change.ResourceVersion };
            if (change.InitialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }

            body = new JsonObject { ["kind"] = kind.Kind, ["apiVersion"] = kind.ApiVersion, ["metadata"] = metadata };
        }
        else if (table)
        {
            body = TableWriter.Build(kind, [change.Object], await Api.NowAsync(), include, change.ResourceVersion, withColumns: first);
        }
        else
        {
            body = HttpJson.ToNode(change.Object);
        }

        return new JsonObject { ["type"] = change.Type.ToString().ToUpperInvariant(), ["object"] = body };
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, HttpJson.Relaxed);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    internal static long? Long(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiStatus.BadRequest($"{name}: Invalid value: \"{text}\": must be an integer");
    }
}
