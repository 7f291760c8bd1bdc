using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansKube.Model.Autoscaling.V1;

/// <summary>
/// autoscaling/v1 HorizontalPodAutoscaler ↔ the stored autoscaling/v2 one, as upstream's
/// <c>pkg/apis/autoscaling/v1/conversion.go</c>: <c>targetCPUUtilizationPercentage</c> is the cpu Utilization Resource
/// metric, <c>currentCPUUtilizationPercentage</c> its current value; what v1 cannot carry travels in annotations (other
/// metrics and all current metrics in v1's metric shape, the behavior in upstream's internal field names, the
/// conditions), so v2 → v1 → v2 keeps it. A v1 object without a cpu target gets upstream's default, cpu at 80 %.
/// </summary>
public sealed class HorizontalPodAutoscalerV1Converter : IVersionConverter
{
    public const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";

    /// <summary>autoscaling.DefaultCPUUtilization.</summary>
    public const int DefaultCpuUtilization = 80;

    private const string StoredApiVersion = "autoscaling/v2";
    private const string ServedApiVersion = "autoscaling/v1";

    private static readonly string[] RoundTripAnnotations = [MetricsAnnotation, CurrentMetricsAnnotation, ConditionsAnnotation, BehaviorAnnotation];

    /// <summary>Go's encoding/json writes these strings as they are (no \u escapes for &lt;, &gt;, &amp;, ').</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static HorizontalPodAutoscalerV1Converter Instance { get; } = new();

    private HorizontalPodAutoscalerV1Converter()
    {
    }

    public JsonObject? FromProtobuf(ReadOnlySpan<byte> message) => HorizontalPodAutoscalerV1Protobuf.ToJson(message);

    public JsonObject FromStored(JsonObject stored)
    {
        var spec = stored["spec"] as JsonObject;
        var status = stored["status"] as JsonObject;
        var metrics = Items(spec?["metrics"]);
        var currentMetrics = Items(status?["currentMetrics"]);
        var conditions = Items(status?["conditions"]);

        var v1Spec = new JsonObject { ["scaleTargetRef"] = Copy(spec?["scaleTargetRef"]) ?? new JsonObject { ["kind"] = "", ["name"] = "" } };
        CopyField(spec, v1Spec, "minReplicas");
        v1Spec["maxReplicas"] = Copy(spec?["maxReplicas"]) ?? 0;
        if (metrics.FirstOrDefault(IsCpuUtilizationTarget) is { } cpu)
        {
            v1Spec["targetCPUUtilizationPercentage"] = Copy(cpu["resource"]!["target"]!["averageUtilization"]);
        }

        var v1Status = new JsonObject();
        CopyField(status, v1Status, "observedGeneration");
        CopyField(status, v1Status, "lastScaleTime");
        v1Status["currentReplicas"] = Copy(status?["currentReplicas"]) ?? 0;
        v1Status["desiredReplicas"] = Copy(status?["desiredReplicas"]) ?? 0;
        foreach (var metric in currentMetrics)
        {
            // upstream keeps the last cpu utilization it finds
            if (Text(metric["type"]) == "Resource" && metric["resource"] is JsonObject resource && Text(resource["name"]) == "cpu" && resource["current"]?["averageUtilization"] is { } utilization)
            {
                v1Status["currentCPUUtilizationPercentage"] = Copy(utilization);
            }
        }

        var metadata = stored["metadata"] as JsonObject ?? [];
        var annotations = WithoutRoundTripAnnotations(metadata["annotations"] as JsonObject);
        var otherMetrics = metrics.Where(m => !IsCpuUtilizationTarget(m)).Select(V1Metrics.SpecToV1).ToList();
        if (otherMetrics.Count > 0)
        {
            annotations[MetricsAnnotation] = Encode(otherMetrics);
        }

        if (currentMetrics.Count > 0)
        {
            annotations[CurrentMetricsAnnotation] = Encode(currentMetrics.Select(V1Metrics.StatusToV1));
        }

        if (spec?["behavior"] is JsonObject behavior)
        {
            annotations[BehaviorAnnotation] = InternalBehavior.Encode(behavior).ToJsonString(Compact);
        }

        if (conditions.Count > 0)
        {
            annotations[ConditionsAnnotation] = Encode(conditions.Select(c => (JsonObject)c.DeepClone()));
        }

        SetAnnotations(metadata, annotations);
        return Rebuilt(stored, ServedApiVersion, metadata, v1Spec, v1Status);
    }

    public JsonObject ToStored(JsonObject served)
    {
        var spec = served["spec"] as JsonObject;
        var status = served["status"] as JsonObject;
        var metadata = served["metadata"] as JsonObject ?? [];
        var annotations = metadata["annotations"] as JsonObject;

        var v2Spec = new JsonObject();
        CopyField(spec, v2Spec, "scaleTargetRef");
        CopyField(spec, v2Spec, "minReplicas");
        CopyField(spec, v2Spec, "maxReplicas");
        var metrics = new JsonArray();
        foreach (var metric in DecodeList(annotations, MetricsAnnotation))
        {
            metrics.Add(V1Metrics.SpecFromV1(metric));
        }

        if (spec?["targetCPUUtilizationPercentage"] is JsonValue target)
        {
            metrics.Add(CpuMetric("target", Copy(target)!, "Utilization"));
        }

        if (metrics.Count == 0)
        {
            metrics.Add(CpuMetric("target", DefaultCpuUtilization, "Utilization"));
        }

        v2Spec["metrics"] = metrics;
        if (Decode(annotations, BehaviorAnnotation) is JsonObject encodedBehavior && InternalBehavior.Decode(encodedBehavior) is { } behavior)
        {
            v2Spec["behavior"] = behavior;
        }

        JsonObject? v2Status = null;
        if (status is not null && !IsZeroStatus(status, annotations))
        {
            v2Status = [];
            CopyField(status, v2Status, "observedGeneration");
            CopyField(status, v2Status, "lastScaleTime");
            CopyField(status, v2Status, "currentReplicas");
            v2Status["desiredReplicas"] = Copy(status["desiredReplicas"]) ?? 0;
            if (annotations?.ContainsKey(CurrentMetricsAnnotation) == true)
            {
                // the annotation has more than the percentage (the raw values, other metrics)
                v2Status["currentMetrics"] = new JsonArray([.. DecodeList(annotations, CurrentMetricsAnnotation).Select(V1Metrics.StatusFromV1)]);
            }
            else if (status["currentCPUUtilizationPercentage"] is JsonValue current)
            {
                v2Status["currentMetrics"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = Copy(current) } },
                });
            }

            if (annotations?.ContainsKey(ConditionsAnnotation) == true)
            {
                v2Status["conditions"] = new JsonArray([.. DecodeList(annotations, ConditionsAnnotation)]);
            }
        }

        SetAnnotations(metadata, WithoutRoundTripAnnotations(annotations));
        return Rebuilt(served, StoredApiVersion, metadata, v2Spec, v2Status);
    }

    /// <summary>The kind as it is, the fields a converter does not know (an unknown field is still reported by strict decoding), the converted ones.</summary>
    private static JsonObject Rebuilt(JsonObject source, string apiVersion, JsonObject metadata, JsonObject spec, JsonObject? status)
    {
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = Copy(source["kind"]) ?? "HorizontalPodAutoscaler", ["metadata"] = metadata.DeepClone() };
        foreach (var (name, value) in source)
        {
            if (name is not ("apiVersion" or "kind" or "metadata" or "spec" or "status"))
            {
                result[name] = value?.DeepClone();
            }
        }

        var sourceSpec = source["spec"] as JsonObject;
        result["spec"] = WithUnknown(spec, sourceSpec, SpecFields);
        if (status is not null)
        {
            result["status"] = status;
        }

        return result;
    }

    /// <summary>Every spec field of either version: anything else in a body is kept for strict decoding to report.</summary>
    private static readonly HashSet<string> SpecFields = ["scaleTargetRef", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "metrics", "behavior"];

    private static JsonObject WithUnknown(JsonObject converted, JsonObject? source, HashSet<string> known)
    {
        foreach (var (name, value) in source ?? [])
        {
            if (!known.Contains(name) && !converted.ContainsKey(name))
            {
                converted[name] = value?.DeepClone();
            }
        }

        return converted;
    }

    /// <summary>
    /// Go's zero status, which v1 always writes (its status is a struct, not a pointer): the same as no status, so an
    /// object stored without one comes back without one.
    /// </summary>
    private static bool IsZeroStatus(JsonObject status, JsonObject? annotations) =>
        status.All(p => p.Key is "currentReplicas" or "desiredReplicas" && p.Value is JsonValue v && v.TryGetValue<int>(out var n) && n == 0)
        && annotations?.ContainsKey(CurrentMetricsAnnotation) != true && annotations?.ContainsKey(ConditionsAnnotation) != true;

    private static bool IsCpuUtilizationTarget(JsonObject metric) =>
        Text(metric["type"]) == "Resource" && metric["resource"] is JsonObject resource && Text(resource["name"]) == "cpu" && resource["target"]?["averageUtilization"] is not null;

    private static JsonObject CpuMetric(string field, JsonNode utilization, string type) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject { ["name"] = "cpu", [field] = new JsonObject { ["type"] = type, ["averageUtilization"] = utilization } },
    };

    private static JsonObject WithoutRoundTripAnnotations(JsonObject? annotations)
    {
        var kept = new JsonObject();
        foreach (var (key, value) in annotations ?? [])
        {
            if (!RoundTripAnnotations.Contains(key))
            {
                kept[key] = value?.DeepClone();
            }
        }

        return kept;
    }

    /// <summary>Upstream drops an empty annotations map (omitempty).</summary>
    private static void SetAnnotations(JsonObject metadata, JsonObject annotations)
    {
        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }
        else
        {
            metadata.Remove("annotations");
        }
    }

    private static string Encode(IEnumerable<JsonObject> items) => new JsonArray([.. items]).ToJsonString(Compact);

    /// <summary>An annotation's JSON; null when absent or not JSON (upstream ignores an annotation it cannot decode).</summary>
    private static JsonNode? Decode(JsonObject? annotations, string key)
    {
        if (annotations?[key] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<JsonObject> DecodeList(JsonObject? annotations, string key) =>
        Decode(annotations, key) is JsonArray items ? [.. items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone())] : [];

    private static List<JsonObject> Items(JsonNode? node) => node is JsonArray items ? [.. items.OfType<JsonObject>()] : [];

    internal static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    internal static void CopyField(JsonObject? from, JsonObject to, string name, string? target = null)
    {
        if (from?[name] is { } value)
        {
            to[target ?? name] = value.DeepClone();
        }
    }

    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
