using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Patching;

/// <summary>
/// RFC 6902 JSON patch (add, remove, replace, move, copy, test), with the behaviour and messages of the library
/// kube-apiserver uses (evanphx/json-patch v4): negative array indices count from the end, <c>-</c> appends,
/// and an operation that does not apply fails the whole patch.
/// </summary>
public static class JsonPatch
{
    /// <summary>Upstream's bound on the operations of one patch (413 beyond it).</summary>
    public const int MaxOperations = 10_000;

    /// <summary>Applies <paramref name="operations"/> (a JSON array) to <paramref name="document"/> in place; returns the new root.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? operations)
    {
        if (operations is not JsonArray ops)
        {
            throw PatchException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        if (ops.Count > MaxOperations)
        {
            throw new PatchException(PatchFailure.RequestEntityTooLarge, $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {ops.Count}");
        }

        foreach (var node in ops)
        {
            if (node is not JsonObject op)
            {
                throw PatchException.BadRequest("json: cannot unmarshal array into Go value of type jsonpatch.Operation");
            }

            document = ApplyOne(document, op);
        }

        return document;
    }

    private static JsonNode? ApplyOne(JsonNode? document, JsonObject op)
    {
        var kind = op["op"] is JsonValue k && k.TryGetValue<string>(out var s) ? s : "unknown";
        return kind switch
        {
            "add" => Add(document, Path(op), Value(op), "add"),
            "remove" => Remove(document, Path(op), out _),
            "replace" => Replace(document, Path(op), Value(op)),
            "move" => Move(document, From(op), Path(op)),
            "copy" => Copy(document, From(op), Path(op)),
            "test" => Test(document, Path(op), Value(op)),
            _ => throw PatchException.NotApplied($"Unexpected kind: {kind}"),
        };
    }

    private static string Path(JsonObject op) =>
        op["path"] is JsonValue v && v.TryGetValue<string>(out var path) ? path : throw PatchException.NotApplied("operation missing path field: missing value");

    private static string From(JsonObject op) =>
        op["from"] is JsonValue v && v.TryGetValue<string>(out var from) ? from : throw PatchException.NotApplied("operation, missing from field: missing value");

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw PatchException.NotApplied("operation, missing value field: missing value");

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value, string verb)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var (parent, key) = Find(document, path) ?? throw PatchException.NotApplied($"{verb} operation does not apply: doc is missing path: \"{path}\": missing value");
        switch (parent)
        {
            case JsonObject obj:
                obj[key] = value;
                break;
            case JsonArray array:
                var index = key == "-" ? array.Count : ArrayIndex(key, path, verb);
                if (index < 0)
                {
                    index += array.Count;
                }

                if (index < 0 || index > array.Count)
                {
                    throw PatchException.NotApplied($"error in {verb} for path: '{path}': Unable to access invalid index: {ParseOrZero(key)}: invalid index referenced");
                }

                array.Insert(index, value);
                break;
            default:
                throw PatchException.NotApplied($"{verb} operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, out JsonNode? removed)
    {
        var (parent, key) = Find(document, path) ?? throw PatchException.NotApplied($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(key, out removed):
                obj.Remove(key);
                return document;
            case JsonObject:
                throw PatchException.NotApplied($"error in remove for path: '{path}': Unable to remove nonexistent key: {key}: missing value");
            case JsonArray array:
                var index = ExistingIndex(array, key, path, "remove");
                removed = array[index];
                array.RemoveAt(index);
                return document;
            default:
                throw PatchException.NotApplied($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode? Replace(JsonNode? document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var (parent, key) = Find(document, path) ?? throw PatchException.NotApplied($"replace operation does not apply: doc is missing path: {path}: missing value");
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(key):
                obj[key] = value;
                return document;
            case JsonArray array:
                array[ExistingIndex(array, key, path, "replace")] = value;
                return document;
            default:
                throw PatchException.NotApplied($"replace operation does not apply: doc is missing key: {path}: missing value");
        }
    }

    private static JsonNode? Move(JsonNode? document, string from, string path)
    {
        if (from == path)
        {
            return Get(document, from, out _) ? document : throw PatchException.NotApplied($"move operation does not apply: doc is missing from path: {from}: missing value");
        }

        if (path.StartsWith(from + "/", StringComparison.Ordinal))
        {
            throw PatchException.NotApplied($"move operation does not apply: \"{path}\" is a child of \"{from}\"");
        }

        if (!Get(document, from, out _))
        {
            throw PatchException.NotApplied($"move operation does not apply: doc is missing from path: {from}: missing value");
        }

        document = Remove(document, from, out var value);
        return Find(document, path) is null && path.Length > 0
            ? throw PatchException.NotApplied($"move operation does not apply: doc is missing destination path: {path}: missing value")
            : Add(document, path, value, "move");
    }

    private static JsonNode? Copy(JsonNode? document, string from, string path)
    {
        if (!Get(document, from, out var value))
        {
            throw PatchException.NotApplied($"copy operation does not apply: doc is missing from path: {from}: missing value");
        }

        return Find(document, path) is null && path.Length > 0
            ? throw PatchException.NotApplied($"copy operation does not apply: doc is missing destination path: {path}: missing value")
            : Add(document, path, value?.DeepClone(), "copy");
    }

    private static JsonNode? Test(JsonNode? document, string path, JsonNode? expected)
    {
        if (path.Length > 0 && Find(document, path) is null)
        {
            throw PatchException.NotApplied($"test operation does not apply: is missing path: {path}: missing value");
        }

        var found = Get(document, path, out var actual);
        return (found && JsonNode.DeepEquals(actual, expected)) || (!found && expected is null)
            ? document
            : throw PatchException.NotApplied($"testing value {path} failed: test failed");
    }

    /// <summary>Whether the pointer names an existing value (a JSON null counts), and that value.</summary>
    private static bool Get(JsonNode? document, string path, out JsonNode? value)
    {
        value = null;
        if (path.Length == 0)
        {
            value = document;
            return true;
        }

        if (Find(document, path) is not var (parent, key))
        {
            return false;
        }

        switch (parent)
        {
            case JsonObject obj:
                return obj.TryGetPropertyValue(key, out value);
            case JsonArray array when int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index):
                index = index < 0 ? index + array.Count : index;
                if (index < 0 || index >= array.Count)
                {
                    return false;
                }

                value = array[index];
                return true;
            default:
                return false;
        }
    }

    /// <summary>The container a pointer's last token lives in (object or array) and that token, or null when a step is missing.</summary>
    private static (JsonNode Parent, string Key)? Find(JsonNode? document, string path)
    {
        if (!path.StartsWith('/'))
        {
            return null;
        }

        var tokens = path[1..].Split('/').Select(Unescape).ToArray();
        var current = document;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            current = current switch
            {
                JsonObject obj => obj[tokens[i]],
                JsonArray array when int.TryParse(tokens[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
                    && (index < 0 ? index + array.Count : index) is var at && at >= 0 && at < array.Count => array[at],
                _ => null,
            };
        }

        return current is JsonObject or JsonArray ? (current, tokens[^1]) : null;
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static int ArrayIndex(string key, string path, string verb) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw PatchException.NotApplied($"error in {verb} for path: '{path}': value was not a proper array index: '{key}': strconv.Atoi: parsing \"{key}\": invalid syntax");

    private static int ExistingIndex(JsonArray array, string key, string path, string verb)
    {
        var index = ArrayIndex(key, path, verb);
        var at = index < 0 ? index + array.Count : index;
        return at >= 0 && at < array.Count
            ? at
            : throw PatchException.NotApplied($"error in {verb} for path: '{path}': Unable to access invalid index: {index}: invalid index referenced");
    }

    private static int ParseOrZero(string key) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index) ? index : 0;
}
