using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Decodes a JSON tree into its kind's type as upstream's strict decoding does: every unknown field is found (not
/// only the first), named by its field path, and left out of the object; any other mismatch (a string for an
/// integer, bad base64) is one error naming the field.
/// </summary>
internal static partial class StrictDecoder
{
    /// <summary>Beyond this many unknown fields a body is not worth decoding further (each one costs a decode).</summary>
    private const int MaxUnknownFields = 100;

    /// <summary>The decoded object (null when <see cref="Decoded.Error"/> says why), and the unknown fields dropped from <paramref name="obj"/>.</summary>
    public static Decoded Decode(JsonObject obj, KindInfo kind)
    {
        var unknown = new List<string>();
        while (true)
        {
            try
            {
                return new Decoded((KubeObject)obj.Deserialize(kind.ClrType, KubeJson.Options)!, unknown, null, null);
            }
            catch (JsonException e)
            {
                var path = FieldPath.FromJsonPath(e.Path);
                if (UnknownField(e, path) is { } field && unknown.Count < MaxUnknownFields && Remove(obj, field))
                {
                    unknown.Add(field);
                    continue;
                }

                return new Decoded(null, unknown, path, DescribeDecodeError(e, path, obj));
            }
        }
    }

    /// <summary>The field path of the unknown field an error names, or null when the error is another one.</summary>
    private static string? UnknownField(JsonException e, string path)
    {
        var unmapped = UnmappedProperty().Match(e.Message);
        if (!unmapped.Success)
        {
            return null;
        }

        // STJ reports the parent path for an unknown property; upstream names the field itself.
        var name = unmapped.Groups[1].Value;
        return path.EndsWith(name, StringComparison.Ordinal) ? path : FieldPath.Child(path, name);
    }

    private static bool Remove(JsonObject root, string field)
    {
        var cut = Math.Max(field.LastIndexOf('.'), field.LastIndexOf('['));
        var (parentPath, name) = cut <= 0 ? ("", field) : field[cut] == '[' ? (field[..cut], field[(cut + 1)..^1]) : (field[..cut], field[(cut + 1)..]);
        return TryFindNode(root, parentPath, out var parent) && parent is JsonObject obj && obj.Remove(name);
    }

    private static string DescribeDecodeError(JsonException e, string path, JsonObject root)
    {
        var message = PathSuffix().Replace(e.Message, "");
        if (UnknownField(e, path) is { } field)
        {
            return $"unknown field \"{field}\"";
        }

        var value = Lookup(root, path);
        var target = ConvertTarget().Match(message);
        if (target.Success && target.Groups[1].Value == "System.Byte[]" && Lookup(root, path, raw: true) is { } encoded)
        {
            return $"{path}: Invalid value: {value}: illegal base64 data at input byte {Base64Text.FirstIllegalByte(encoded)}";
        }

        if (target.Success)
        {
            var expected = target.Groups[1].Value switch
            {
                "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "must be an integer",
                "System.Boolean" or "System.Nullable`1[System.Boolean]" => "must be a boolean",
                "System.String" => "must be a string",
                var other when other.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "must be a list",
                var other when other.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "must be a map",
                _ => "must be an object",
            };
            return $"{path}: Invalid value: {value}: {expected}";
        }

        return $"{path}: {message}";
    }

    private static string? Lookup(JsonObject root, string path, bool raw) =>
        raw ? TryFindNode(root, path, out var node) && (node as JsonValue)?.TryGetValue<string>(out var text) == true ? text : null : Lookup(root, path);

    /// <summary>The node at a field path (null where nothing is); false where the path does not fit the document's shape.</summary>
    private static bool TryFindNode(JsonObject root, string path, out JsonNode? node)
    {
        node = root;
        try
        {
            foreach (Match segment in PathSegment().Matches(path))
            {
                node = segment.Groups[1].Success ? node?[segment.Groups[1].Value]
                    : int.TryParse(segment.Groups[2].Value, out var index) && node is JsonArray array ? array[index]
                    : node?[segment.Groups[2].Value];
            }

            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            node = null;
            return false;
        }
    }

    private static string Lookup(JsonObject root, string path) =>
        TryFindNode(root, path, out var node) ? node?.ToJsonString() ?? "null" : "?";

    /// <summary>A decode's result: the object, or the field and reason it failed on; the unknown fields either way.</summary>
    public sealed record Decoded(KubeObject? Object, List<string> UnknownFields, string? ErrorPath, string? Error);

    [GeneratedRegex(@" Path: \$.*$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([^\s.]+(\.[^\s.]+)*)")]
    private static partial Regex ConvertTarget();

    [GeneratedRegex(@"(?:^|\.)([^.\[]+)|\[([^\]]+)\]")]
    private static partial Regex PathSegment();
}
