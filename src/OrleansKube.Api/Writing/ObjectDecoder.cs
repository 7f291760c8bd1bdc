using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansKube.Api.Responses;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Api.Writing;

/// <summary>How unknown fields in a body are treated (the <c>fieldValidation</c> query parameter).</summary>
public enum FieldValidation
{
    Strict,
    Warn,
    Ignore,
}

/// <summary>
/// Decodes request bodies into objects of the kind the path names, as upstream does: Strict refuses an unknown field
/// (400 <c>strict decoding error: unknown field "spec.foo"</c>), Warn keeps going with a warning, Ignore drops it.
/// </summary>
public static class ObjectDecoder
{
    private static readonly JsonSerializerOptions Lenient = CreateLenient();

    public static FieldValidation ParseValidation(string? value) => value switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        _ => throw ApiStatus.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };

    /// <summary>Parses JSON text to a node; 400 with the parser's reason when it is not JSON.</summary>
    public static JsonNode Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body) ?? throw ApiStatus.BadRequest("the request body is empty");
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The object in <paramref name="json"/>, checked against the kind the path names (apiVersion and kind may be
    /// absent: they are then the path's). Returns the warnings for <see cref="FieldValidation.Warn"/>.
    /// </summary>
    public static (KubeObject Object, IReadOnlyList<string> Warnings) Decode(JsonNode json, KindInfo kind, FieldValidation validation)
    {
        if (json is not JsonObject body)
        {
            throw ApiStatus.BadRequest($"the request body must be a JSON object of kind {kind.Kind}");
        }

        var apiVersion = body["apiVersion"]?.GetValue<string>();
        var kindName = body["kind"]?.GetValue<string>();
        if (apiVersion is not null && apiVersion != kind.ApiVersion)
        {
            throw ApiStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({kind.ApiVersion})");
        }

        if (kindName is not null && kindName != kind.Kind)
        {
            throw ApiStatus.BadRequest($"the kind in the data ({kindName}) does not match the expected kind ({kind.Kind})");
        }

        var warnings = new List<string>();
        KubeObject obj;
        try
        {
            obj = (KubeObject)body.Deserialize(kind.ClrType, KubeJson.Options)!;
        }
        catch (JsonException e) when (UnknownField(e) is { } field)
        {
            if (validation == FieldValidation.Strict)
            {
                throw ApiStatus.BadRequest($"strict decoding error: unknown field \"{field}\"");
            }

            if (validation == FieldValidation.Warn)
            {
                warnings.Add($"unknown field \"{field}\"");
            }

            obj = (KubeObject)Deserialize(body, kind.ClrType, Lenient);
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"{kind.Kind} in version \"{kind.Version}\" cannot be handled as a {kind.Kind}: {e.Message}");
        }

        obj.ApiVersion = kind.ApiVersion;
        obj.Kind = kind.Kind;
        return (obj, warnings);
    }

    private static object Deserialize(JsonNode body, Type type, JsonSerializerOptions options)
    {
        try
        {
            return body.Deserialize(type, options)!;
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"cannot decode the request body: {e.Message}");
        }
    }

    /// <summary>The path of the field System.Text.Json could not map (<c>spec.foo</c>); null for other errors.</summary>
    private static string? UnknownField(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) && e.Path is { } path ? path.TrimStart('$').TrimStart('.') : null;

    private static JsonSerializerOptions CreateLenient()
    {
        var options = KubeJson.CreateOptions();
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
