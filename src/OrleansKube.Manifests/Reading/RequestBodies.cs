using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Model.Serialization;
using YamlDotNet.Core;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Decodes the body of a create, update or apply request as kube-apiserver does: at most 3 MiB (413), JSON, or YAML
/// for <c>application/apply-patch+yaml</c> and <c>application/yaml</c>, within <see cref="ReadLimits"/>; apiVersion
/// and kind as the URL expects (taken from it when absent); unknown and duplicate fields by <see cref="FieldValidation"/>.
/// Refusals are <see cref="RequestBodyException"/>s worded as upstream's.
/// </summary>
public static class RequestBodies
{
    /// <remarks>
    /// <c>served</c>: the version the request is in when it is not the stored one (autoscaling/v1 of a HorizontalPodAutoscaler): the
    /// body is of that version, converted to the stored one before it is decoded; its protobuf is read when the version can.
    /// </remarks>
    public static DecodedBody Decode(ReadOnlySpan<byte> body, string? contentType, KindInfo? expected, FieldValidation mode, KindVersion? served = null)
    {
        if (body.Length > ReadLimits.MaxDocumentBytes)
        {
            throw new RequestBodyException(RequestBodyError.RequestEntityTooLarge, $"Request entity too large: limit is {ReadLimits.MaxDocumentBytes}");
        }

        var mediaType = MediaType(contentType);
        if (served is null && mediaType is null or "application/json" && expected is not null && TryDecodeClean(body, expected) is { } clean)
        {
            return new DecodedBody(clean, []);
        }

        var (root, duplicates) = mediaType switch
        {
            null or "application/json" or "*/*" => ParseJson(body),
            "application/yaml" or "application/apply-patch+yaml" => ParseYaml(body),
            "application/vnd.kubernetes.protobuf" when expected is not null && served is not null && ParseProtobuf(body, expected, served) is { } fromProtobuf => ((JsonNode?)fromProtobuf, new List<string>()),
            "application/vnd.kubernetes.protobuf" => throw new RequestBodyException(RequestBodyError.UnsupportedMediaType,
                "protobuf request bodies are not supported: send JSON or YAML (for kubectl's generators: kubectl create … --dry-run=client -o yaml | kubectl apply -f -)"),
            var other => throw new RequestBodyException(RequestBodyError.UnsupportedMediaType,
                $"the body of the request was in an unknown format ({other}) - accepted media types include: application/json, application/yaml, application/apply-patch+yaml"),
        };
        if (root is not JsonObject obj)
        {
            throw BadRequest("couldn't get version/kind; json parse error: the body must be an object");
        }

        if (served is not null && expected is not null)
        {
            KindOf(obj, expected.InVersion(served));
            obj = served.Converter.ToStored(obj);
        }

        var kind = KindOf(obj, expected);
        var decoded = StrictDecoder.Decode(obj, kind);
        if (decoded.Object is null)
        {
            throw BadRequest($"{kind.Kind} in version \"{kind.Version}\" cannot be handled as a {kind.Kind}: {decoded.Error}");
        }

        var problems = duplicates.Select(d => $"duplicate field \"{d}\"").Concat(decoded.UnknownFields.Select(f => $"unknown field \"{f}\"")).ToList();
        return mode switch
        {
            FieldValidation.Strict when problems.Count > 0 => throw BadRequest($"strict decoding error: {string.Join(", ", problems)}"),
            FieldValidation.Warn => new DecodedBody(decoded.Object, problems),
            _ => new DecodedBody(decoded.Object, []),
        };
    }

    /// <summary>
    /// The common case, at the cost of one plain deserialization: a JSON body of the URL's kind with no unknown or
    /// duplicate field. Anything else (null) takes the tree, which finds and words every problem.
    /// </summary>
    private static KubeObject? TryDecodeClean(ReadOnlySpan<byte> body, KindInfo expected)
    {
        try
        {
            var obj = (KubeObject?)JsonSerializer.Deserialize(body, expected.ClrType, CleanOptions);
            if (obj is null || (obj.ApiVersion ?? expected.ApiVersion) != expected.ApiVersion || (obj.Kind ?? expected.Kind) != expected.Kind)
            {
                return null;
            }

            obj.ApiVersion = expected.ApiVersion;
            obj.Kind = expected.Kind;
            return obj;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The model's options, refusing duplicate properties too.</summary>
    private static readonly JsonSerializerOptions CleanOptions = new(KubeJson.Options) { AllowDuplicateProperties = false };

    /// <summary>The <c>fieldValidation</c> query parameter; absent means Warn, upstream's default.</summary>
    public static FieldValidation ParseFieldValidation(string? value) => value switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        _ => throw BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };

    /// <summary>The body's kind: the URL's, which apiVersion and kind may repeat but not contradict.</summary>
    private static KindInfo KindOf(JsonObject obj, KindInfo? expected)
    {
        var apiVersion = Text(obj["apiVersion"]);
        var kindName = Text(obj["kind"]);
        if (expected is null)
        {
            if (string.IsNullOrEmpty(kindName) || string.IsNullOrEmpty(apiVersion))
            {
                throw BadRequest($"Object '{(string.IsNullOrEmpty(kindName) ? "Kind" : "apiVersion")}' is missing in '{Abbreviate(obj)}'");
            }

            return Kinds.Find(apiVersion, kindName) ?? throw BadRequest($"no kind \"{kindName}\" is registered for version \"{apiVersion}\"");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != expected.ApiVersion)
        {
            throw BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(kindName) && kindName != expected.Kind)
        {
            throw BadRequest($"{kindName} in version \"{expected.Version}\" cannot be handled as a {expected.Kind}: the kind in the data ({kindName}) does not match the expected kind ({expected.Kind})");
        }

        // Absent ones come from the URL, as upstream decodes with the request's group/version/kind as default.
        obj["apiVersion"] = expected.ApiVersion;
        obj["kind"] = expected.Kind;
        return expected;
    }

    private static (JsonNode? Root, List<string> Duplicates) ParseJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonTree.Parse(body);
        }
        catch (JsonException e)
        {
            throw BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    /// <summary>A protobuf body of the served version as its JSON; null when that version has no protobuf decoding.</summary>
    private static JsonObject? ParseProtobuf(ReadOnlySpan<byte> body, KindInfo expected, KindVersion served)
    {
        try
        {
            var (apiVersion, kind, raw) = ProtobufEnvelope.Read(body);
            if (apiVersion != served.ApiVersion || kind != expected.Kind)
            {
                throw BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({served.ApiVersion})");
            }

            return served.Converter.FromProtobuf(raw);
        }
        catch (FormatException e)
        {
            throw BadRequest($"couldn't decode the protobuf body: {e.Message}");
        }
    }

    private static (JsonNode? Root, List<string> Duplicates) ParseYaml(ReadOnlySpan<byte> body)
    {
        try
        {
            var document = YamlToJson.Read(Encoding.UTF8.GetString(body)).FirstOrDefault(d => d.Root is not null);
            return (document?.Root, document?.Duplicates.Select(d => d.Path).ToList() ?? []);
        }
        catch (YamlException e)
        {
            throw BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.InnerException?.Message ?? YamlMessage(e)}");
        }
    }

    private static string YamlMessage(YamlException e) => e.Message.Split(": ", 2) is [var location, var rest] && location.StartsWith('(') ? rest : e.Message;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Abbreviate(JsonObject obj)
    {
        var text = obj.ToJsonString();
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    private static RequestBodyException BadRequest(string message) => new(RequestBodyError.BadRequest, message);

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
