using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Patching;

/// <summary>
/// Kubernetes' strategic merge patch, applied as kube-apiserver applies it (apimachinery's strategicpatch
/// <c>StrategicMergeMapPatch</c>): maps merge and <c>null</c> deletes a key; lists listed in the kind's
/// <see cref="PatchSchema"/> merge by their key (elements with the same key merge, new ones are added, the
/// patch's elements go first unless the live order puts a server-only element before them), lists of scalars
/// tagged as sets are merged without duplicates, every other list is replaced. Directives:
/// <c>$patch: replace|delete|merge</c> on a map or a list element, <c>$setElementOrder/&lt;list&gt;</c>,
/// <c>$deleteFromPrimitiveList/&lt;list&gt;</c> and <c>$retainKeys</c>; none of them is ever stored.
/// Where upstream answers 500 for a malformed directive we answer 400; <c>$patch: merge</c>, which upstream
/// refuses, means the default merge here.
/// </summary>
public sealed class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    private readonly PatchSchema _schema;

    public StrategicMergePatch(PatchSchema schema) => _schema = schema;

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>, which it changes; returns the result.</summary>
    public JsonObject Apply(JsonObject original, JsonObject patch) => MergeMap(original, patch, "");

    private JsonObject MergeMap(JsonObject original, JsonObject patch, string path)
    {
        if (patch.TryGetPropertyValue(Directive, out var directive))
        {
            switch (Text(directive))
            {
                case "replace":
                    return MergeMap([], Without(patch, Directive), path);
                case "delete":
                    return [];
                case "merge":
                    patch = Without(patch, Directive);
                    break;
                default:
                    throw PatchException.BadRequest($"unknown patch type: {directive?.ToJsonString()} in map{At(path)}");
            }
        }

        ApplyRetainKeys(original, patch, path);
        ApplySetElementOrder(original, patch, path, out var ordered);

        foreach (var (key, value) in patch)
        {
            if (key == RetainKeys || key.StartsWith(SetElementOrder, StringComparison.Ordinal) || ordered.Contains(key))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                DeleteFromList(original, key[DeleteFromPrimitiveList.Length..], value, path);
                continue;
            }

            var childPath = PatchSchema.Child(path, key);
            if (value is null)
            {
                original.Remove(key);
            }
            else if (original[key] is JsonObject originalMap && value is JsonObject patchMap)
            {
                var merged = MergeMap(originalMap, patchMap, childPath);
                if (!ReferenceEquals(merged, originalMap))
                {
                    original[key] = merged;
                }
            }
            else if (original[key] is JsonArray originalList && value is JsonArray patchList)
            {
                original[key] = MergeList(originalList, patchList, childPath);
            }
            else
            {
                original[key] = Fresh(value, childPath);
            }
        }

        return original;
    }

    /// <summary>A patch value for a field the live object lacks (or has with another type): merged into nothing, so its directives are processed.</summary>
    private JsonNode? Fresh(JsonNode? value, string path) => value switch
    {
        JsonObject map => MergeMap([], map, path),
        JsonArray list => MergeList([], list, path),
        _ => value?.DeepClone(),
    };

    private JsonArray MergeList(JsonArray original, JsonArray patch, string path)
    {
        var rule = _schema.List(path);
        if (rule is { IsSet: true })
        {
            var merged = new JsonArray();
            foreach (var item in original.Concat(patch))
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }

            return Order(merged, [.. patch], [.. original], null);
        }

        if (rule?.MergeKey is not { } mergeKey)
        {
            return [.. patch.Select(item => Fresh(item, PatchSchema.Element(path)))];
        }

        var current = original.Select(item => item?.DeepClone()).ToList();
        var plain = new List<JsonObject>();
        foreach (var item in patch)
        {
            var element = item as JsonObject ?? throw PatchException.BadRequest($"expected a map, but received a {Describe(item)}{At(PatchSchema.Element(path))}");
            switch (element.TryGetPropertyValue(Directive, out var directive) ? Text(directive) : null)
            {
                case null:
                    plain.Add(element);
                    break;
                case "delete":
                    var keyValue = KeyOf(element, mergeKey, path);
                    current.RemoveAll(c => c is JsonObject o && o.TryGetPropertyValue(mergeKey, out var k) && JsonNode.DeepEquals(k, keyValue));
                    break;
                case "replace":
                    return [.. patch.OfType<JsonObject>().Where(e => !e.ContainsKey(Directive)).Select(e => MergeMap([], e, PatchSchema.Element(path)))];
                case "merge":
                    plain.Add(Without(element, Directive));
                    break;
                default:
                    throw PatchException.BadRequest($"unknown patch type: {directive?.ToJsonString()} in list{At(path)}");
            }
        }

        var serverOrder = current.ToList();
        foreach (var element in plain)
        {
            var keyValue = KeyOf(element, mergeKey, path);
            var index = current.FindIndex(c => c is JsonObject o && o.TryGetPropertyValue(mergeKey, out var k) && JsonNode.DeepEquals(k, keyValue));
            if (index >= 0 && current[index] is JsonObject match)
            {
                current[index] = MergeMap(match, element, PatchSchema.Element(path));
            }
            else
            {
                current.Add(MergeMap([], element, PatchSchema.Element(path)));
            }
        }

        return Order(new JsonArray([.. current]), [.. plain], serverOrder, mergeKey);
    }

    /// <summary>
    /// Upstream's element order (normalizeElementOrder): the items named by <paramref name="patchOrder"/> in its order,
    /// interleaved with the other (server-only) items, which keep their live order; a patch item goes before every
    /// server-only item that the live list does not put before it.
    /// </summary>
    private static JsonArray Order(JsonArray merged, IReadOnlyList<JsonNode?> patchOrder, IReadOnlyList<JsonNode?> serverOrder, string? mergeKey)
    {
        var items = merged.ToList();
        merged.Clear();
        var patchItems = items.Where(i => IndexOf(patchOrder, i, mergeKey) >= 0).OrderBy(i => IndexOf(patchOrder, i, mergeKey)).ToList();
        var serverOnly = items.Where(i => IndexOf(patchOrder, i, mergeKey) < 0).ToList();
        var result = new JsonArray();
        int left = 0, right = 0;
        while (left < serverOnly.Count || right < patchItems.Count)
        {
            bool takeLeft;
            if (right >= patchItems.Count)
            {
                takeLeft = true;
            }
            else if (left >= serverOnly.Count)
            {
                takeLeft = false;
            }
            else
            {
                var l = IndexOf(serverOrder, serverOnly[left], mergeKey);
                var r = IndexOf(serverOrder, patchItems[right], mergeKey);
                takeLeft = l >= 0 && r >= 0 && l < r;
            }

            result.Add(takeLeft ? serverOnly[left++] : patchItems[right++]);
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<JsonNode?> list, JsonNode? item, string? mergeKey)
    {
        var wanted = mergeKey is null ? item : (item as JsonObject)?[mergeKey];
        for (var i = 0; i < list.Count; i++)
        {
            var candidate = mergeKey is null ? list[i] : (list[i] as JsonObject)?[mergeKey];
            if (JsonNode.DeepEquals(candidate, wanted))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><c>$retainKeys</c>: keys of the live map not in the list go; every key the patch sets must be in it.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch, string path)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var retain))
        {
            return;
        }

        if (retain is not JsonArray list || list.Any(k => Text(k) is null))
        {
            throw PatchException.BadRequest($"invalid patch format of retainKeys{At(path)}");
        }

        var keep = list.Select(k => Text(k)!).ToHashSet(StringComparer.Ordinal);
        var stray = patch.FirstOrDefault(p => p.Value is not null && !p.Key.StartsWith('$') && !keep.Contains(p.Key));
        if (stray.Key is not null)
        {
            throw PatchException.BadRequest($"invalid patch format of retainKeys: \"{stray.Key}\" is not in the list{At(path)}");
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary><c>$setElementOrder/&lt;list&gt;</c>: merges the list (if the patch has it) and orders it; names the lists it handled.</summary>
    private void ApplySetElementOrder(JsonObject original, JsonObject patch, string path, out HashSet<string> ordered)
    {
        ordered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in patch.Where(p => p.Key.StartsWith(SetElementOrder, StringComparison.Ordinal)).ToList())
        {
            var field = key[SetElementOrder.Length..];
            if (field.Length == 0 || value is not JsonArray order)
            {
                throw PatchException.BadRequest($"invalid patch format of setElementOrder list{At(path)}");
            }

            var listPath = PatchSchema.Child(path, field);
            var mergeKey = _schema.List(listPath)?.MergeKey;
            var patchList = patch[field] as JsonArray;
            CheckOrder(patchList, order, mergeKey, listPath);
            var originalList = original[field] as JsonArray;
            if (patchList is null && originalList is null)
            {
                continue;
            }

            ordered.Add(field);
            var merged = patchList is null ? new JsonArray([.. originalList!.Select(i => i?.DeepClone())]) : MergeList(originalList ?? [], patchList, listPath);
            original[field] = _schema.List(listPath) is { IsSet: true } || mergeKey is not null
                ? Order(merged, [.. order], originalList is null ? [] : [.. originalList], mergeKey)
                : merged;
        }
    }

    /// <summary>The patch's (non-deleting) items must appear in the order list, in its order: it may only order the list.</summary>
    private static void CheckOrder(JsonArray? patchList, JsonArray order, string? mergeKey, string path)
    {
        if (patchList is null || order.Count == 0)
        {
            return;
        }

        var items = patchList.Where(i => i is not JsonObject o || !o.ContainsKey(Directive)).ToList();
        int p = 0, o = 0;
        while (p < items.Count && o < order.Count)
        {
            var a = mergeKey is null ? items[p] : (items[p] as JsonObject)?[mergeKey];
            var b = mergeKey is null ? order[o] : (order[o] as JsonObject)?[mergeKey];
            if (JsonNode.DeepEquals(a, b))
            {
                p++;
            }

            o++;
        }

        if (p < items.Count)
        {
            throw PatchException.BadRequest($"the order in the patch list doesn't match the $setElementOrder list{At(path)}");
        }
    }

    private static void DeleteFromList(JsonObject original, string field, JsonNode? values, string path)
    {
        if (field.Length == 0 || values is not JsonArray toDelete)
        {
            throw PatchException.BadRequest($"invalid patch format of primitive list{At(path)}");
        }

        if (original[field] is JsonArray list)
        {
            foreach (var item in list.Where(i => toDelete.Any(d => JsonNode.DeepEquals(d, i))).ToList())
            {
                list.Remove(item);
            }
        }
    }

    private static JsonNode? KeyOf(JsonObject element, string mergeKey, string path) =>
        element.TryGetPropertyValue(mergeKey, out var value)
            ? value
            : throw PatchException.BadRequest($"map: {element.ToJsonString()} does not contain declared merge key: {mergeKey}{At(path)}");

    private static JsonObject Without(JsonObject map, string key)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in map.Where(p => p.Key != key))
        {
            copy[k] = v?.DeepClone();
        }

        return copy;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "slice",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };

    private static string At(string path) => path.Length == 0 ? "" : $" at {path}";
}
