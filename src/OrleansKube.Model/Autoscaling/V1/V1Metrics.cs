using System.Text.Json.Nodes;
using static OrleansKube.Model.Autoscaling.V1.HorizontalPodAutoscalerV1Converter;

namespace OrleansKube.Model.Autoscaling.V1;

/// <summary>
/// autoscaling/v1's MetricSpec and MetricStatus (the shape of the old v2beta1: <c>targetAverageUtilization</c>,
/// <c>metricName</c>, …), which exist only inside the round-trip annotations, ↔ v2's; field by field as upstream's
/// conversion functions, including the values Go writes for unset required quantities (<c>"0"</c>).
/// </summary>
internal static class V1Metrics
{
    private const string Zero = "0";

    public static JsonObject SpecToV1(JsonObject metric)
    {
        var type = Text(metric["type"]);
        var v1 = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "Object" when metric["object"] is JsonObject source:
                var objectTarget = source["target"] as JsonObject;
                var objectMetric = source["metric"] as JsonObject;
                var described = new JsonObject { ["target"] = Copy(source["describedObject"]) ?? new JsonObject { ["kind"] = "", ["name"] = "" }, ["metricName"] = Copy(objectMetric?["name"]) ?? "", ["targetValue"] = Copy(objectTarget?["value"]) ?? Zero };
                CopyField(objectMetric, described, "selector");
                CopyField(objectTarget, described, "averageValue");
                v1["object"] = described;
                break;
            case "Pods" when metric["pods"] is JsonObject source:
                var pods = new JsonObject { ["metricName"] = Copy(source["metric"]?["name"]) ?? "", ["targetAverageValue"] = Copy(source["target"]?["averageValue"]) ?? Zero };
                CopyField(source["metric"] as JsonObject, pods, "selector");
                v1["pods"] = pods;
                break;
            case "Resource" when metric["resource"] is JsonObject source:
                v1["resource"] = ResourceTargetToV1(source, container: false);
                break;
            case "ContainerResource" when metric["containerResource"] is JsonObject source:
                v1["containerResource"] = ResourceTargetToV1(source, container: true);
                break;
            case "External" when metric["external"] is JsonObject source:
                var external = new JsonObject { ["metricName"] = Copy(source["metric"]?["name"]) ?? "" };
                CopyField(source["metric"] as JsonObject, external, "selector", "metricSelector");
                CopyField(source["target"] as JsonObject, external, "value", "targetValue");
                CopyField(source["target"] as JsonObject, external, "averageValue", "targetAverageValue");
                v1["external"] = external;
                break;
        }

        return v1;
    }

    public static JsonObject SpecFromV1(JsonObject metric)
    {
        var type = Text(metric["type"]);
        var v2 = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "Object" when metric["object"] is JsonObject source:
                var objectTarget = new JsonObject { ["type"] = source["averageValue"] is null ? "Value" : "AverageValue", ["value"] = Copy(source["targetValue"]) ?? Zero };
                CopyField(source, objectTarget, "averageValue");
                v2["object"] = new JsonObject { ["describedObject"] = Copy(source["target"]), ["metric"] = Identifier(source, "selector"), ["target"] = objectTarget };
                break;
            case "Pods" when metric["pods"] is JsonObject source:
                v2["pods"] = new JsonObject { ["metric"] = Identifier(source, "selector"), ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = Copy(source["targetAverageValue"]) ?? Zero } };
                break;
            case "Resource" when metric["resource"] is JsonObject source:
                v2["resource"] = ResourceTargetFromV1(source, container: false);
                break;
            case "ContainerResource" when metric["containerResource"] is JsonObject source:
                v2["containerResource"] = ResourceTargetFromV1(source, container: true);
                break;
            case "External" when metric["external"] is JsonObject source:
                var externalTarget = new JsonObject { ["type"] = source["targetValue"] is null ? "AverageValue" : "Value" };
                CopyField(source, externalTarget, "targetValue", "value");
                CopyField(source, externalTarget, "targetAverageValue", "averageValue");
                v2["external"] = new JsonObject { ["metric"] = Identifier(source, "metricSelector"), ["target"] = externalTarget };
                break;
        }

        return v2;
    }

    public static JsonObject StatusToV1(JsonObject metric)
    {
        var type = Text(metric["type"]);
        var v1 = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "Object" when metric["object"] is JsonObject source:
                var described = new JsonObject { ["target"] = Copy(source["describedObject"]) ?? new JsonObject { ["kind"] = "", ["name"] = "" }, ["metricName"] = Copy(source["metric"]?["name"]) ?? "", ["currentValue"] = Copy(source["current"]?["value"]) ?? Zero };
                CopyField(source["metric"] as JsonObject, described, "selector");
                CopyField(source["current"] as JsonObject, described, "averageValue");
                v1["object"] = described;
                break;
            case "Pods" when metric["pods"] is JsonObject source:
                var pods = new JsonObject { ["metricName"] = Copy(source["metric"]?["name"]) ?? "", ["currentAverageValue"] = Copy(source["current"]?["averageValue"]) ?? Zero };
                CopyField(source["metric"] as JsonObject, pods, "selector");
                v1["pods"] = pods;
                break;
            case "Resource" when metric["resource"] is JsonObject source:
                v1["resource"] = ResourceCurrentToV1(source, container: false);
                break;
            case "ContainerResource" when metric["containerResource"] is JsonObject source:
                v1["containerResource"] = ResourceCurrentToV1(source, container: true);
                break;
            case "External" when metric["external"] is JsonObject source:
                var external = new JsonObject { ["metricName"] = Copy(source["metric"]?["name"]) ?? "" };
                CopyField(source["metric"] as JsonObject, external, "selector", "metricSelector");
                external["currentValue"] = Copy(source["current"]?["value"]) ?? Zero;
                CopyField(source["current"] as JsonObject, external, "averageValue", "currentAverageValue");
                v1["external"] = external;
                break;
        }

        return v1;
    }

    public static JsonObject StatusFromV1(JsonObject metric)
    {
        var type = Text(metric["type"]);
        var v2 = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "Object" when metric["object"] is JsonObject source:
                var objectCurrent = new JsonObject { ["value"] = Copy(source["currentValue"]) ?? Zero };
                CopyField(source, objectCurrent, "averageValue");
                v2["object"] = new JsonObject { ["describedObject"] = Copy(source["target"]), ["metric"] = Identifier(source, "selector"), ["current"] = objectCurrent };
                break;
            case "Pods" when metric["pods"] is JsonObject source:
                v2["pods"] = new JsonObject { ["metric"] = Identifier(source, "selector"), ["current"] = new JsonObject { ["averageValue"] = Copy(source["currentAverageValue"]) ?? Zero } };
                break;
            case "Resource" when metric["resource"] is JsonObject source:
                v2["resource"] = ResourceCurrentFromV1(source, container: false);
                break;
            case "ContainerResource" when metric["containerResource"] is JsonObject source:
                v2["containerResource"] = ResourceCurrentFromV1(source, container: true);
                break;
            case "External" when metric["external"] is JsonObject source:
                var externalCurrent = new JsonObject { ["value"] = Copy(source["currentValue"]) ?? Zero };
                CopyField(source, externalCurrent, "currentAverageValue", "averageValue");
                v2["external"] = new JsonObject { ["metric"] = Identifier(source, "metricSelector"), ["current"] = externalCurrent };
                break;
        }

        return v2;
    }

    private static JsonObject ResourceTargetToV1(JsonObject source, bool container)
    {
        var v1 = new JsonObject { ["name"] = Copy(source["name"]) ?? "" };
        CopyField(source["target"] as JsonObject, v1, "averageUtilization", "targetAverageUtilization");
        CopyField(source["target"] as JsonObject, v1, "averageValue", "targetAverageValue");
        if (container)
        {
            v1["container"] = Copy(source["container"]) ?? "";
        }

        return v1;
    }

    private static JsonObject ResourceTargetFromV1(JsonObject source, bool container)
    {
        var target = new JsonObject { ["type"] = source["targetAverageUtilization"] is null ? "AverageValue" : "Utilization" };
        CopyField(source, target, "targetAverageValue", "averageValue");
        CopyField(source, target, "targetAverageUtilization", "averageUtilization");
        var v2 = new JsonObject { ["name"] = Copy(source["name"]) ?? "" };
        if (container)
        {
            v2["container"] = Copy(source["container"]) ?? "";
        }

        v2["target"] = target;
        return v2;
    }

    private static JsonObject ResourceCurrentToV1(JsonObject source, bool container)
    {
        var v1 = new JsonObject { ["name"] = Copy(source["name"]) ?? "" };
        CopyField(source["current"] as JsonObject, v1, "averageUtilization", "currentAverageUtilization");
        v1["currentAverageValue"] = Copy(source["current"]?["averageValue"]) ?? Zero;
        if (container)
        {
            v1["container"] = Copy(source["container"]) ?? "";
        }

        return v1;
    }

    private static JsonObject ResourceCurrentFromV1(JsonObject source, bool container)
    {
        var current = new JsonObject { ["averageValue"] = Copy(source["currentAverageValue"]) ?? Zero };
        CopyField(source, current, "currentAverageUtilization", "averageUtilization");
        var v2 = new JsonObject { ["name"] = Copy(source["name"]) ?? "" };
        if (container)
        {
            v2["container"] = Copy(source["container"]) ?? "";
        }

        v2["current"] = current;
        return v2;
    }

    /// <summary>v2's MetricIdentifier from v1's <c>metricName</c> and selector.</summary>
    private static JsonObject Identifier(JsonObject source, string selectorField)
    {
        var identifier = new JsonObject { ["name"] = Copy(source["metricName"]) ?? "" };
        CopyField(source, identifier, selectorField, "selector");
        return identifier;
    }
}
