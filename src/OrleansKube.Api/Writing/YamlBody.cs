using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OrleansKube.Api.Responses;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansKube.Api.Writing;

/// <summary>A request body as JSON: JSON as it is, YAML (<c>application/yaml</c>, apply patches) converted by YAML 1.2's core schema.</summary>
public static class YamlBody
{
    private const int MaxNodes = 1_000_000;

    public static JsonNode Parse(string? contentType, byte[] body)
    {
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        var yaml = MediaTypes.Essence(contentType) is "application/yaml" or MediaTypes.ApplyPatch;
        if (!yaml || (trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'['))
        {
            return ObjectDecoder.Parse(body);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Encoding.UTF8.GetString(body)));
        }
        catch (YamlException e)
        {
            throw ApiStatus.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }

        return stream.Documents.Count == 1
            ? Convert(stream.Documents[0].RootNode, 0, new int[1]) ?? throw ApiStatus.BadRequest("the request body is empty")
            : throw ApiStatus.BadRequest("the request body must hold exactly one YAML document");
    }

    private static JsonNode? Convert(YamlNode node, int depth, int[] count)
    {
        // Aliases expand: a body of a few kilobytes can name billions of nodes ("billion laughs").
        if (++count[0] > MaxNodes)
        {
            throw new ApiStatus(413, "RequestEntityTooLarge", $"the request body expands to more than {MaxNodes} YAML nodes");
        }

        if (depth > 100)
        {
            throw ApiStatus.BadRequest("the request body is nested too deeply");
        }

        return node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value, depth + 1, count)))),
            YamlSequenceNode list => new JsonArray([.. list.Children.Select(c => Convert(c, depth + 1, count))]),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw ApiStatus.BadRequest("YAML aliases are not supported in request bodies"),
        };
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
