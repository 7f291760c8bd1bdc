using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Reading;
using YamlDotNet.Core;

namespace OrleansKube.Manifests.Patching;

/// <summary>
/// Applies a PATCH request's body to a stored object in its JSON shape, for the four patch types the API accepts.
/// The live object is not changed. <c>apiVersion</c> and <c>kind</c> always stay the live object's (upstream
/// ignores or refuses a patch's attempt to change them). Failures throw <see cref="PatchException"/>.
/// </summary>
public static class ObjectPatch
{
    /// <summary>Nesting depth a body may have: the readers' bound on untrusted input.</summary>
    public const int MaxDepth = ReadLimits.MaxDepth;

    /// <summary>
    /// The live object with the patch applied. For <see cref="PatchType.Apply"/> on an object that does not exist
    /// yet, pass an empty object: the result is the applied configuration.
    /// </summary>
    public static JsonObject Apply(JsonObject live, PatchType type, ReadOnlySpan<byte> body, KindInfo kind)
    {
        var patch = type == PatchType.Apply ? ParseApply(body) : ParseJson(body);
        var schema = PatchSchema.For(kind);
        var target = (JsonObject)live.DeepClone();
        JsonNode? result = type switch
        {
            PatchType.JsonPatch => JsonPatch.Apply(target, patch),
            PatchType.MergePatch => MergePatch.Apply(target, AsObject(patch)),
            PatchType.StrategicMergePatch => new StrategicMergePatch(schema).Apply(target, AsObject(patch)),
            PatchType.Apply => new ServerSideApply(schema).Apply(target, CheckedApply(AsObject(patch), kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };

        if (result is not JsonObject patched)
        {
            throw new PatchException(PatchFailure.Invalid, "patch: Invalid value: the patched object must be a JSON object");
        }

        patched["apiVersion"] = kind.ApiVersion;
        patched["kind"] = kind.Kind;
        return patched;
    }

    private static JsonNode? ParseJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest($"error decoding patch: {OneLine(e.Message)}");
        }
    }

    /// <summary>An apply body is YAML; kubectl and the C# client send JSON, which is YAML too but read faster as JSON.</summary>
    private static JsonNode? ParseApply(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
            }
            catch (JsonException)
            {
                // Flow-style YAML ({a: 1}) is not JSON: read it as YAML below.
            }
        }

        try
        {
            // The bounded reader: an apply body is untrusted input (depth, size and alias limits).
            return YamlToJson.Read(text).FirstOrDefault()?.Root;
        }
        catch (YamlException e)
        {
            throw PatchException.BadRequest($"error decoding YAML: line {e.Start.Line}: {OneLine(e.Message)}");
        }
    }

    private static JsonObject AsObject(JsonNode? patch) =>
        patch as JsonObject ?? throw PatchException.BadRequest($"error decoding patch: the patch must be a JSON object, not {(patch is JsonArray ? "an array" : "a scalar")}");

    private static JsonObject CheckedApply(JsonObject applied, KindInfo kind)
    {
        var apiVersion = applied["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var a) ? a : "";
        var appliedKind = applied["kind"] is JsonValue k && k.TryGetValue<string>(out var s) ? s : "";
        if (apiVersion != kind.ApiVersion)
        {
            throw PatchException.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {kind.ApiVersion}");
        }

        return appliedKind == kind.Kind
            ? applied
            : throw PatchException.BadRequest($"Incorrect kind specified in apply patch. Specified patch kind: {appliedKind}, expected: {kind.Kind}");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
