using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Validation;

namespace OrleansKube.Manifests.Reading;

/// <summary>
/// Parses JSON into a tree without recursion, refusing nesting past <see cref="ReadLimits.MaxDepth"/> and noting
/// fields given twice (the last one kept, as Go's decoder does), which <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> cannot report.
/// </summary>
internal static class JsonTree
{
    public static (JsonNode? Root, List<string> Duplicates) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ReadLimits.MaxDepth + 1 });
        var duplicates = new List<string>();
        var frames = new Stack<(JsonNode Node, string Path)>();
        string? key = null;
        JsonNode? root = null;
        var done = false;
        while (reader.Read())
        {
            if (done)
            {
                throw new JsonException("invalid character after top-level value");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    key = reader.GetString()!;
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (frames.Count + 1 > ReadLimits.MaxDepth)
                    {
                        throw new JsonException($"exceeded max depth of {ReadLimits.MaxDepth}");
                    }

                    JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                    var path = Attach(container);
                    frames.Push((container, path));
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    done = frames.Count == 0;
                    continue;
                case JsonTokenType.String:
                    Attach(JsonValue.Create(reader.GetString()));
                    break;
                case JsonTokenType.Number:
                    Attach(JsonValue.Create(JsonElement.ParseValue(ref reader))); // keeps the number's spelling
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    Attach(JsonValue.Create(reader.GetBoolean()));
                    break;
                case JsonTokenType.Null:
                    Attach(null);
                    break;
                default:
                    continue;
            }

            done = frames.Count == 0;
        }

        return frames.Count > 0 || !done ? throw new JsonException("unexpected end of JSON input") : (root, duplicates);

        string Attach(JsonNode? node)
        {
            if (frames.Count == 0)
            {
                root = node;
                return "";
            }

            var (parent, parentPath) = frames.Peek();
            if (parent is JsonObject obj)
            {
                var path = FieldPath.Child(parentPath, key!);
                if (obj.ContainsKey(key!))
                {
                    duplicates.Add(path);
                }

                obj[key!] = node;
                return path;
            }

            var array = (JsonArray)parent;
            array.Add(node);
            return FieldPath.Index(parentPath, array.Count - 1);
        }
    }
}
