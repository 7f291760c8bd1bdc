using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansKube.Tests.Manifests;

/// <summary>
/// A YAML stream as JSON trees, independently of the manifest reader, so the reader can be checked against it:
/// plain scalars that read as null, booleans or numbers become those (YAML 1.2's core schema), everything else a string.
/// </summary>
public static class YamlTree
{
    public static List<JsonNode?> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    /// <summary>A one-document stream's tree, keys sorted (so a printed difference reads in order).</summary>
    public static JsonNode Parse(string text) => Sorted(Documents(text).Single())!;

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone()))).OrderBy(p => p.Key, StringComparer.Ordinal)),
        JsonArray list => new JsonArray([.. list.Select(i => Sorted(i?.DeepClone()))]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ when value.Any(char.IsDigit) && !value.Any(char.IsLetter) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
            _ => JsonValue.Create(value),
        };
    }
}
