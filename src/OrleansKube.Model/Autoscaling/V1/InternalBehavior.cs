using System.Text.Json.Nodes;

namespace OrleansKube.Model.Autoscaling.V1;

/// <summary>
/// The behavior annotation holds upstream's <em>internal</em> HorizontalPodAutoscalerBehavior as Go marshals it: its
/// types have no JSON tags, so the names are Go's field names (<c>{"ScaleUp":{"StabilizationWindowSeconds":0,
/// "SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":null}</c>), unset
/// pointers are <c>null</c>; Go reads names back regardless of case, and so does <see cref="Decode"/>.
/// </summary>
internal static class InternalBehavior
{
    private static readonly (string Json, string Go)[] RuleFields = [("stabilizationWindowSeconds", "StabilizationWindowSeconds"), ("selectPolicy", "SelectPolicy")];

    private static readonly (string Json, string Go)[] PolicyFields = [("type", "Type"), ("value", "Value"), ("periodSeconds", "PeriodSeconds")];

    public static JsonObject Encode(JsonObject behavior) => new()
    {
        ["ScaleUp"] = EncodeRules(behavior["scaleUp"] as JsonObject),
        ["ScaleDown"] = EncodeRules(behavior["scaleDown"] as JsonObject),
    };

    /// <summary>v2's behavior; null when the annotation sets neither direction (upstream then leaves it unset).</summary>
    public static JsonObject? Decode(JsonObject encoded)
    {
        var behavior = new JsonObject();
        if (DecodeRules(Field(encoded, "ScaleUp") as JsonObject) is { } up)
        {
            behavior["scaleUp"] = up;
        }

        if (DecodeRules(Field(encoded, "ScaleDown") as JsonObject) is { } down)
        {
            behavior["scaleDown"] = down;
        }

        return behavior.Count > 0 ? behavior : null;
    }

    private static JsonObject? EncodeRules(JsonObject? rules)
    {
        if (rules is null)
        {
            return null;
        }

        var encoded = new JsonObject();
        foreach (var (json, go) in RuleFields)
        {
            encoded[go] = rules[json]?.DeepClone();
        }

        encoded["Policies"] = rules["policies"] is JsonArray policies
            ? new JsonArray([.. policies.OfType<JsonObject>().Select(p => (JsonNode)Rename(p, PolicyFields, toGo: true))])
            : null;
        return encoded;
    }

    private static JsonObject? DecodeRules(JsonObject? encoded)
    {
        if (encoded is null)
        {
            return null;
        }

        var rules = new JsonObject();
        foreach (var (json, go) in RuleFields)
        {
            if (Field(encoded, go) is { } value)
            {
                rules[json] = value.DeepClone();
            }
        }

        if (Field(encoded, "Policies") is JsonArray policies)
        {
            rules["policies"] = new JsonArray([.. policies.OfType<JsonObject>().Select(p => (JsonNode)Rename(p, PolicyFields, toGo: false))]);
        }

        return rules;
    }

    private static JsonObject Rename(JsonObject source, (string Json, string Go)[] fields, bool toGo)
    {
        var renamed = new JsonObject();
        foreach (var (json, go) in fields)
        {
            var value = toGo ? source[json] : Field(source, go);
            if (value is not null || toGo)
            {
                renamed[toGo ? go : json] = value?.DeepClone();
            }
        }

        return renamed;
    }

    /// <summary>A member by name regardless of case, as Go's encoding/json matches them; null when absent or null.</summary>
    private static JsonNode? Field(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
