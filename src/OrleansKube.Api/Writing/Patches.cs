using System.Text.Json.Nodes;
using OrleansKube.Api.Responses;

namespace OrleansKube.Api.Writing;

/// <summary>
/// The patch types of PATCH, applied to an object's JSON: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic
/// merge patch (lists of objects merged by their merge key, directives removed) and apply (a strategic merge that never
/// deletes what it does not mention).
/// </summary>
public static class Patches
{
    /// <summary>Merge keys of the lists the simulated kinds merge element-wise (upstream's patchMergeKey tags).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["ownerReferences"] = "uid",
    };

    public static JsonNode Apply(string contentType, JsonNode target, JsonNode patch) => contentType switch
    {
        MediaTypes.MergePatch => Merge(target, patch),
        MediaTypes.JsonPatch => JsonPatch(target, patch),
        MediaTypes.StrategicMergePatch => Strategic(target, patch, deleteNulls: true, parentKey: null),
        MediaTypes.ApplyPatch => Strategic(target, patch, deleteNulls: false, parentKey: null),
        _ => throw new ApiStatus(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {MediaTypes.JsonPatch}, {MediaTypes.MergePatch}, {MediaTypes.ApplyPatch}, {MediaTypes.StrategicMergePatch}"),
    };

    public static JsonNode Merge(JsonNode? target, JsonNode patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Merge(result[key], value);
            }
        }

        return result;
    }

    private static JsonNode Strategic(JsonNode? target, JsonNode patch, bool deleteNulls, string? parentKey)
    {
        if (patch is JsonArray patchList)
        {
            return MergeList(target as JsonArray, patchList, parentKey, deleteNulls);
        }

        if (patch is not JsonObject patchObject)
        {
            return patch.DeepClone();
        }

        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue; // $setElementOrder/…, $retainKeys, $deleteFromPrimitiveList/…: order and bookkeeping, not content
            }

            if (value is null)
            {
                if (deleteNulls)
                {
                    result.Remove(key);
                }

                continue;
            }

            result[key] = Strategic(result[key], value, deleteNulls, key);
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string? key, bool deleteNulls)
    {
        if (key is null || !MergeKeys.TryGetValue(key, out var mergeKey) || patch.Any(e => e is not JsonObject))
        {
            return (JsonArray)patch.DeepClone(); // lists without a merge key are replaced whole
        }

        var result = target is null ? [] : target.Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var id = element[mergeKey]?.ToJsonString();
            var at = result.FindIndex(e => e is JsonObject o && o[mergeKey]?.ToJsonString() == id);
            if (element["$patch"]?.GetValue<string>() == "delete")
            {
                if (at >= 0)
                {
                    result.RemoveAt(at);
                }

                continue;
            }

            if (at >= 0)
            {
                result[at] = Strategic(result[at], element, deleteNulls, null);
            }
            else
            {
                var added = (JsonObject)element.DeepClone();
                added.Remove("$patch");
                result.Add(added);
            }
        }

        return new JsonArray([.. result]);
    }

    public static JsonNode JsonPatch(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiStatus.BadRequest("a JSON patch must be a list of operations");
        }

        var document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.GetValue<string>();
            var path = operation["path"]?.GetValue<string>() ?? throw ApiStatus.BadRequest("a JSON patch operation needs a path");
            switch (op)
            {
                case "add":
                    document = Put(document, path, operation["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    _ = Find(document, path) ?? throw ApiStatus.BadRequest($"replace operation does not apply: doc is missing path: {path}");
                    document = Put(document, path, operation["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(document, path), operation["value"]))
                    {
                        throw new ApiStatus(422, "Invalid", $"testing value {path} failed");
                    }

                    break;
                case "move" or "copy":
                    var from = operation["from"]?.GetValue<string>() ?? throw ApiStatus.BadRequest($"{op} operation needs from");
                    var value = Find(document, from)?.DeepClone() ?? throw ApiStatus.BadRequest($"{op} operation does not apply: doc is missing from path: {from}");
                    if (op == "move")
                    {
                        Remove(document, from);
                    }

                    document = Put(document, path, value, insert: true);
                    break;
                default:
                    throw ApiStatus.BadRequest($"Unexpected kind: {op}");
            }
        }

        return document;
    }

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : [.. path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static JsonNode Put(JsonNode document, string path, JsonNode? value, bool insert)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return value ?? throw ApiStatus.BadRequest("a JSON patch cannot set the whole document to null");
        }

        var parent = Find(document, "/" + string.Join('/', tokens[..^1].Select(Escape))) ?? throw ApiStatus.BadRequest($"add operation does not apply: doc is missing path: {path}");
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw ApiStatus.BadRequest($"add operation does not apply: doc is missing path: {path}");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parent = tokens.Length == 0 ? null : Find(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var removed = parent switch
        {
            JsonObject o => o.Remove(tokens[^1]),
            JsonArray a when int.TryParse(tokens[^1], out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw ApiStatus.BadRequest($"remove operation does not apply: doc is missing path: {path}");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
