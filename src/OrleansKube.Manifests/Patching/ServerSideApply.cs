using System.Text.Json.Nodes;

namespace OrleansKube.Manifests.Patching;

/// <summary>
/// The part of server-side apply that kubectl needs: the applied configuration is merged into the live object,
/// maps recursively, lists that upstream declares <c>listType=map</c> element by element on their
/// <c>listMapKey</c>s (containers by name, container ports by containerPort and protocol, env by name, Service
/// ports by port and protocol, conditions by type, volumes by name, …; a missing <c>protocol</c> counts as
/// <c>TCP</c>), <c>listType=set</c> lists as sets, and every other list and every scalar replaced by the applied
/// value. A field the configuration does not mention is never removed (kubectl's follow-up apply from the
/// <c>kubectl-last-applied</c> manager carries only an annotation), and <c>null</c> in it is ignored.
/// <para>
/// Left out of full server-side apply: field ownership per manager (so no removal of the fields a manager
/// applied before and now omits, and no 409 <c>FieldManagerConflict</c> when <c>force=false</c>); the
/// <c>managedFields</c> that <see cref="ManagedFields"/> stamps are a best-effort record, not consulted here.
/// </para>
/// </summary>
public sealed class ServerSideApply
{
    private static readonly Dictionary<string, string> KeyDefaults = new(StringComparer.Ordinal) { ["protocol"] = "TCP" };

    private readonly PatchSchema _schema;

    public ServerSideApply(PatchSchema schema) => _schema = schema;

    /// <summary>Merges <paramref name="applied"/> into <paramref name="live"/>, which it changes; returns it.</summary>
    public JsonObject Apply(JsonObject live, JsonObject applied)
    {
        MergeMap(live, applied, "");
        return live;
    }

    /// <summary>Whether a list element matches another on the list's map keys (a missing key part takes its default).</summary>
    internal static bool SameKeys(JsonObject a, JsonObject b, IReadOnlyList<string> keys) =>
        keys.All(k => JsonNode.DeepEquals(KeyPart(a, k), KeyPart(b, k)));

    internal static JsonNode? KeyPart(JsonObject element, string key) =>
        element[key] ?? (KeyDefaults.TryGetValue(key, out var fallback) ? JsonValue.Create(fallback) : null);

    private void MergeMap(JsonObject live, JsonObject applied, string path)
    {
        foreach (var (key, value) in applied)
        {
            var childPath = PatchSchema.Child(path, key);
            switch (value)
            {
                case null:
                    break;
                case JsonObject map when live[key] is JsonObject liveMap:
                    MergeMap(liveMap, map, childPath);
                    break;
                case JsonArray list when live[key] is JsonArray liveList:
                    live[key] = MergeList(liveList, list, childPath);
                    break;
                default:
                    live[key] = Copy(value);
                    break;
            }
        }
    }

    private JsonArray MergeList(JsonArray live, JsonArray applied, string path)
    {
        var rule = _schema.List(path);
        var merged = new JsonArray([.. live.Select(i => i?.DeepClone())]);
        if (rule is { IsSet: true })
        {
            foreach (var item in applied.Where(a => !merged.Any(m => JsonNode.DeepEquals(m, a))))
            {
                merged.Add(item?.DeepClone());
            }

            return merged;
        }

        if (rule is not { MapKeys.Count: > 0 } || applied.Any(a => a is not JsonObject))
        {
            return (JsonArray)Copy(applied)!;
        }

        foreach (var element in applied.Cast<JsonObject>())
        {
            if (merged.OfType<JsonObject>().FirstOrDefault(m => SameKeys(m, element, rule.MapKeys)) is { } match)
            {
                MergeMap(match, element, PatchSchema.Element(path));
            }
            else
            {
                merged.Add(Copy(element));
            }
        }

        return merged;
    }

    /// <summary>A copy of an applied value without its nulls (apply never stores an explicit null).</summary>
    private static JsonNode? Copy(JsonNode? value) => value switch
    {
        JsonObject map => new JsonObject(map.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, Copy(p.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Copy)]),
        _ => value?.DeepClone(),
    };
}
