using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Patching;

/// <summary>
/// Stamps <c>metadata.managedFields</c> entries as kube-apiserver records them (manager, operation
/// Apply/Update, apiVersion, time, fieldsType FieldsV1, subresource). The FieldsV1 set is best effort: the
/// fields of the configuration the manager sent, with list-map elements as <c>k:{…}</c>, set elements as
/// <c>v:…</c>, atomic lists as one field and <c>.</c> on list elements and string maps (labels, annotations,
/// data); no manager's fields are taken away from another, as full server-side apply would.
/// </summary>
public static class ManagedFields
{
    public const string FieldsV1Type = "FieldsV1";

    private static readonly HashSet<string> ServerMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "generateName", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    /// <summary>
    /// Records that <paramref name="manager"/> wrote <paramref name="fields"/> (the applied configuration or the
    /// patch; null: the whole object but its status) of <paramref name="obj"/>. An Apply entry replaces the
    /// manager's previous Apply entry; an Update entry adds its fields to the manager's previous Update entry
    /// for the same subresource.
    /// </summary>
    public static void Stamp(
        JsonObject obj,
        ManagedFieldsOperation operation,
        string manager,
        DateTimeOffset time,
        PatchSchema schema,
        JsonObject? fields = null,
        string? subresource = null)
    {
        var source = fields ?? Without(obj, "status");
        var set = FieldSet(source, schema, "");
        var metadata = obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
        var entries = metadata["managedFields"] as JsonArray ?? (JsonArray)(metadata["managedFields"] = new JsonArray());
        var op = operation.ToString();
        var previous = entries.OfType<JsonObject>().FirstOrDefault(e =>
            Text(e["manager"]) == manager && Text(e["operation"]) == op && Text(e["subresource"]) == subresource);
        if (previous is not null)
        {
            if (operation == ManagedFieldsOperation.Update && previous["fieldsV1"] is JsonObject before)
            {
                set = (JsonObject)MergePatch.Apply(before.DeepClone(), set)!;
            }

            entries.Remove(previous);
        }

        var entry = new JsonObject
        {
            ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
            ["fieldsType"] = FieldsV1Type,
            ["fieldsV1"] = set,
            ["manager"] = manager,
            ["operation"] = op,
            ["time"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        entries.Add(entry);
    }

    /// <summary>The FieldsV1 set of a configuration (identity and server-set metadata left out).</summary>
    public static JsonObject FieldSet(JsonObject config, PatchSchema schema, string path)
    {
        var set = new JsonObject();
        foreach (var (key, value) in config)
        {
            if (value is null || (path.Length == 0 && key is "apiVersion" or "kind") || (path == "metadata" && ServerMetadata.Contains(key)))
            {
                continue;
            }

            var childPath = PatchSchema.Child(path, key);
            set["f:" + key] = value switch
            {
                JsonObject map => MapSet(map, schema, childPath),
                JsonArray list => ListSet(list, schema, childPath),
                _ => new JsonObject(),
            };
        }

        return set;
    }

    private static JsonObject MapSet(JsonObject map, PatchSchema schema, string path)
    {
        var set = FieldSet(map, schema, path);
        if (map.Count > 0 && map.All(p => p.Value is JsonValue v && v.TryGetValue<string>(out _)))
        {
            set.Insert(0, ".", new JsonObject());
        }

        return set;
    }

    private static JsonObject ListSet(JsonArray list, PatchSchema schema, string path)
    {
        var rule = schema.List(path);
        var set = new JsonObject();
        if (rule is { IsSet: true })
        {
            foreach (var item in list)
            {
                set["v:" + (item?.ToJsonString() ?? "null")] = new JsonObject();
            }
        }
        else if (rule is { MapKeys.Count: > 0 } && list.All(i => i is JsonObject))
        {
            foreach (var element in list.Cast<JsonObject>())
            {
                var itemSet = FieldSet(element, schema, PatchSchema.Element(path));
                itemSet.Insert(0, ".", new JsonObject());
                set["k:" + KeyText(element, rule.MapKeys)] = itemSet;
            }
        }

        return set;
    }

    /// <summary>Upstream's <c>k:</c> text: the element's key fields as compact JSON in name order.</summary>
    private static string KeyText(JsonObject element, IReadOnlyList<string> keys)
    {
        var text = new StringBuilder("{");
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (ServerSideApply.KeyPart(element, key) is { } part)
            {
                text.Append(text.Length > 1 ? "," : "").Append(JsonValue.Create(key).ToJsonString()).Append(':').Append(part.ToJsonString());
            }
        }

        return text.Append('}').ToString();
    }

    private static JsonObject Without(JsonObject obj, string key) =>
        new(obj.Where(p => p.Key != key).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
