using System.Globalization;

namespace OrleansKube.Manifests.Printing;

/// <summary>The HorizontalPodAutoscaler table, as upstream's printer of v1.32.</summary>
internal static class AutoscalingTables
{
    // Upstream lists at most two metrics and counts the rest.
    private const int ShownMetrics = 2;

    public static readonly KindTable HorizontalPodAutoscaler = new(
        [
            Columns.Name,
            Columns.Text("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            Columns.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond."),
            Columns.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
            Columns.Text("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            Columns.Text("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var hpa = (HorizontalPodAutoscaler)o;
            var target = hpa.Spec?.ScaleTargetRef;

            // Upstream fills MaxPods and Replicas with integers although the columns say string.
            return
            [
                o.Metadata.Name, $"{target?.Kind}/{target?.Name}", Targets(hpa.Spec?.Metrics, hpa.Status?.CurrentMetrics),
                hpa.Spec?.MinReplicas is { } min ? min.ToString(CultureInfo.InvariantCulture) : "<unset>",
                (long)(hpa.Spec?.MaxReplicas ?? 0), (long)(hpa.Status?.CurrentReplicas ?? 0), CellText.AgeOf(o, now),
            ];
        });

    /// <summary>The TARGETS cell: <c>cpu: 75%/50%</c>, <c>&lt;unknown&gt;</c> for a metric not read yet, at most two then "+ N more...".</summary>
    internal static string Targets(IReadOnlyList<MetricSpec>? specs, IReadOnlyList<MetricStatus>? statuses)
    {
        if (specs is not { Count: > 0 })
        {
            return "<none>";
        }

        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var status = statuses is not null && i < statuses.Count ? statuses[i] : null;
            list.Add(Target(specs[i], status));
        }

        var shown = string.Join(", ", list.Take(ShownMetrics));
        return list.Count > ShownMetrics ? $"{shown} + {list.Count - ShownMetrics} more..." : shown;
    }

    private static string Target(MetricSpec spec, MetricStatus? status)
    {
        const string Unknown = "<unknown>";
        switch (spec.Type)
        {
            case MetricSourceType.Resource or MetricSourceType.ContainerResource:
                var name = spec.Resource?.Name ?? spec.ContainerResource?.Name ?? "";
                var target = spec.Resource?.Target ?? spec.ContainerResource?.Target;
                var current = status?.Resource?.Current;
                if (target?.AverageValue is { } averageValue)
                {
                    return $"{name}: {current?.AverageValue?.ToString() ?? Unknown}/{averageValue}";
                }

                var utilization = current?.AverageUtilization is { } u ? $"{u}%" : Unknown;
                return $"{name}: {utilization}/{(target?.AverageUtilization is { } t ? $"{t}%" : "<auto>")}";
            case MetricSourceType.Pods:
                return $"{Unknown}/{spec.Pods?.Target?.AverageValue}";
            case MetricSourceType.Object:
                return spec.Object?.Target?.AverageValue is { } objectAverage ? $"{Unknown}/{objectAverage} (avg)" : $"{Unknown}/{spec.Object?.Target?.Value}";
            case MetricSourceType.External:
                return spec.External?.Target?.AverageValue is { } externalAverage ? $"{Unknown}/{externalAverage} (avg)" : $"{Unknown}/{spec.External?.Target?.Value}";
            default:
                return "<unknown type>";
        }
    }
}
