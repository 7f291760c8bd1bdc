using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Api.Responses;
using OrleansKube.Manifests.Patching;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Api.Writing;

/// <summary>The front's use of the pure readers and patch engine: their refusals as Status answers.</summary>
public static class BodyDecoding
{
    public static FieldValidation Validation(string? value)
    {
        try
        {
            return RequestBodies.ParseFieldValidation(value);
        }
        catch (RequestBodyException e)
        {
            throw Status(e);
        }
    }

    /// <summary>A create, update or status body as an object of the path's kind (JSON, or YAML by its content type).</summary>
    public static DecodedBody Decode(ReadOnlySpan<byte> body, string? contentType, KindInfo kind, FieldValidation validation, KindVersion? version = null)
    {
        try
        {
            return RequestBodies.Decode(body, contentType, kind, validation, version);
        }
        catch (RequestBodyException e)
        {
            throw Status(e);
        }
    }

    /// <summary>A patched object's JSON as an object (what the patch added is checked as a body's fields are).</summary>
    public static DecodedBody Decode(JsonObject patched, KindInfo kind, FieldValidation validation) =>
        Decode(JsonSerializer.SerializeToUtf8Bytes(patched), "application/json", kind, validation);

    /// <summary>The patch type of a Content-Type, parameters ignored; upstream's 415 for any other.</summary>
    public static PatchType PatchType(string? contentType) =>
        PatchTypes.FromContentType(contentType) ?? throw new ApiStatus(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", PatchTypes.ContentTypes)}");

    public static JsonObject Patch(JsonObject live, PatchType type, ReadOnlySpan<byte> body, KindInfo kind)
    {
        try
        {
            return ObjectPatch.Apply(live, type, body, kind);
        }
        catch (PatchException e)
        {
            throw Status(e);
        }
    }

    /// <summary>A patch of a document that is no kind of the registry (autoscaling/v1 Scale): no merge keys, no lists to merge.</summary>
    public static JsonNode PatchDocument(JsonNode document, PatchType type, ReadOnlySpan<byte> body)
    {
        try
        {
            var patch = JsonNode.Parse(body);
            return (type switch
            {
                Manifests.Patching.PatchType.JsonPatch => JsonPatch.Apply(document.DeepClone(), patch),
                _ => MergePatch.Apply(document.DeepClone(), patch),
            }) ?? throw ApiStatus.BadRequest("the patched object must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"error decoding patch: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (PatchException e)
        {
            throw Status(e);
        }
    }

    /// <summary>Parses a small JSON body (Binding, Eviction, DeleteOptions); 400 when it is not JSON.</summary>
    public static JsonNode? Json(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"couldn't get version/kind; json parse error: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static ApiStatus Status(RequestBodyException e) => new(e.Code, e.Reason.ToString(), e.Message);

    private static ApiStatus Status(PatchException e) => new(e.Code, e.StatusReason, e.Message)
    {
        Causes = e.Cause is null ? [] : [new StatusCause("FieldValueInvalid", e.Cause, "")],
    };
}
