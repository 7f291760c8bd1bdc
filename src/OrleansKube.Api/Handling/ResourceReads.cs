using System.Buffers;
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
            await HttpJson.WriteAsync(context, 200, TableWriter.Build(route.Kind, [obj], await Api.NowAsync(), include, obj.Metadata.ResourceVersion, version: route.Version));
            return;
        }

        await HttpJson.WriteObjectAsync(context, 200, obj, route.Version);
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
            var table = TableWriter.Build(route.Kind, page.Items, await Api.NowAsync(), include, page.ResourceVersion, version: route.Version);
            if (page.Continue is not null)
            {
                table["metadata"]!["continue"] = page.Continue;
            }

            await HttpJson.WriteAsync(context, 200, table);
            return;
        }

        await WriteListAsync(context, route, page);
    }

    /// <summary>Writes <c>{Kind}List</c> straight to the response: a list of 150,000 pods is never one string.</summary>
    private static async Task WriteListAsync(HttpContext context, ApiPath route, ListPage page)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        var pipe = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe); // a buffer writer: the serializer's own flushes do no synchronous IO
        writer.WriteStartObject();
        writer.WriteString("kind", $"{route.Kind.Kind}List");
        writer.WriteString("apiVersion", route.ApiVersion);
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
            if (route.Version is null)
            {
                HttpJson.WriteObject(writer, item);
            }
            else
            {
                HttpJson.ToNode(item, route.Version).WriteTo(writer);
            }

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
        var pipe = context.Response.BodyWriter;
        var first = true;
        var unsent = false;
        try
        {
            while (true)
            {
                try
                {
                    // Lines go out when no further event is at hand: a batch of changes is one send, not one per event.
                    var next = events.MoveNextAsync();
                    if (unsent && !next.IsCompleted)
                    {
                        await pipe.FlushAsync(context.RequestAborted);
                        unsent = false;
                    }

                    if (!await next)
                    {
                        return;
                    }

                    // The shared line cache holds the stored version's JSON: a watch in another version converts each object.
                    if (!table && route.Version is null && events.Current is { Type: not WatchEventType.Bookmark, Object: { } obj } change)
                    {
                        WatchLines.Write(pipe, change.Type, obj);
                    }
                    else
                    {
                        WriteLine(pipe, await EventLineAsync(route, events.Current, table, include, first));
                    }

                    unsent = true;
                    first = false;
                }
                catch (OperationCanceledException) when (ended.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
                {
                    return; // timeoutSeconds ran out: the stream ends, as upstream ends it
                }
                catch (Exception e) when (e is ApiException or ApiStatus)
                {
                    WriteLine(pipe, new JsonObject { ["type"] = "ERROR", ["object"] = KubeApiHandler.Failure(e, route).ToJson() });
                    return;
                }
            }
        }
        finally
        {
            if (unsent && !context.RequestAborted.IsCancellationRequested)
            {
                await pipe.FlushAsync(context.RequestAborted);
            }
        }
    }

    private async Task<JsonObject> EventLineAsync(ApiPath route, WatchEvent change, bool table, IncludeObject include, bool first)
    {
        JsonNode body;
        if (change.Type == WatchEventType.Bookmark || change.Object is null)
        {
            var metadata = new JsonObject { ["resourceVersion"] = change.ResourceVersion };
            if (change.InitialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }

            body = new JsonObject { ["kind"] = route.Kind.Kind, ["apiVersion"] = route.ApiVersion, ["metadata"] = metadata };
        }
        else if (table)
        {
            body = TableWriter.Build(route.Kind, [change.Object], await Api.NowAsync(), include, change.ResourceVersion, withColumns: first, version: route.Version);
        }
        else
        {
            body = HttpJson.ToNode(change.Object, route.Version);
        }

        return new JsonObject { ["type"] = change.Type.ToString().ToUpperInvariant(), ["object"] = body };
    }

    private static void WriteLine(System.IO.Pipelines.PipeWriter pipe, JsonObject line)
    {
        pipe.Write(JsonSerializer.SerializeToUtf8Bytes(line, HttpJson.Relaxed));
        pipe.Write("\n"u8);
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
