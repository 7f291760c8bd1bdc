using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Responses;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Api.Handling;

/// <summary>Writing answers: JSON documents, objects in their upstream shape (apiVersion and kind always set), Status errors.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext context, int code, string json, string contentType = MediaTypes.Json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Quotes and non-ASCII as themselves (<c>pods "x" not found</c>), as upstream writes them.</summary>
    public static JsonSerializerOptions Relaxed { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, int code, JsonNode json, string contentType = MediaTypes.Json) =>
        WriteAsync(context, code, json.ToJsonString(Relaxed), contentType);

    public static Task WriteObjectAsync(HttpContext context, int code, KubeObject obj) =>
        WriteAsync(context, code, Serialize(obj));

    /// <summary>The object in the version the request is in (converted when that is not the stored one).</summary>
    public static Task WriteObjectAsync(HttpContext context, int code, KubeObject obj, KindVersion? version) =>
        version is null ? WriteObjectAsync(context, code, obj) : WriteAsync(context, code, ToNode(obj, version));

    /// <summary>The object's JSON in the given version; the stored one when null.</summary>
    public static JsonObject ToNode(KubeObject obj, KindVersion? version) => version is null ? ToNode(obj) : version.Converter.FromStored(ToNode(obj));

    public static Task WriteStatusAsync(HttpContext context, ApiStatus status) => WriteAsync(context, status.Code, status.ToJson());

    /// <summary>The object's JSON, with its apiVersion and kind (stored objects may lack them; clients need them).</summary>
    public static string Serialize(KubeObject obj) => KubeJson.Serialize(Typed(obj));

    public static JsonObject ToNode(KubeObject obj) => (JsonObject)JsonSerializer.SerializeToNode(Typed(obj), obj.GetType(), KubeJson.Options)!;

    public static void WriteObject(Utf8JsonWriter writer, KubeObject obj) => JsonSerializer.Serialize(writer, Typed(obj), obj.GetType(), KubeJson.Options);

    /// <summary>The object with its apiVersion and kind set; a shallow copy when they were missing (stored objects are shared).</summary>
    public static KubeObject Typed(KubeObject obj)
    {
        var kind = Kinds.Of(obj);
        return obj.ApiVersion == kind.ApiVersion && obj.Kind == kind.Kind ? obj : obj with { ApiVersion = kind.ApiVersion, Kind = kind.Kind };
    }
}
