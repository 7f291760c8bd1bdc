namespace OrleansKube.Manifests.Defaulting;

/// <summary>
/// autoscaling/v2's defaults for a HorizontalPodAutoscaler (upstream's SetDefaults_HorizontalPodAutoscaler and
/// GenerateHPAScaleUpRules/GenerateHPAScaleDownRules): minReplicas 1, cpu at 80 % when no metric is given, and a
/// behavior that is given filled in field by field.
/// </summary>
public static class AutoscalerDefaults
{
    public const int DefaultCpuUtilization = 80;
    public const int ScaleUpStabilizationSeconds = 0;
    public const int ScaleDownStabilizationSeconds = 300;

    public static void Apply(HorizontalPodAutoscalerSpec spec)
    {
        spec.MinReplicas ??= 1;
        if (spec.Metrics is not { Count: > 0 })
        {
            spec.Metrics = [CpuUtilization(DefaultCpuUtilization)];
        }

        // As upstream: a behavior left out stays out (the controller then uses its own default rules).
        if (spec.Behavior is { } behavior)
        {
            behavior.ScaleUp = ScaleUpRules(behavior.ScaleUp);
            behavior.ScaleDown = ScaleDownRules(behavior.ScaleDown);
        }
    }

    public static MetricSpec CpuUtilization(int percent) => new()
    {
        Type = MetricSourceType.Resource,
        Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = percent } },
    };

    /// <summary>Scale-up rules with upstream's defaults where unset: no window, the larger of doubling and four pods per 15 s.</summary>
    public static HpaScalingRules ScaleUpRules(HpaScalingRules? rules) => new()
    {
        StabilizationWindowSeconds = rules?.StabilizationWindowSeconds ?? ScaleUpStabilizationSeconds,
        SelectPolicy = rules?.SelectPolicy ?? ScalingPolicySelect.Max,
        Policies = rules?.Policies ?? [new() { Type = HpaScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 }, new() { Type = HpaScalingPolicyType.Pods, Value = 4, PeriodSeconds = 15 }],
    };

    /// <summary>Scale-down rules with upstream's defaults where unset: a 300 s window, all pods may go per 15 s.</summary>
    public static HpaScalingRules ScaleDownRules(HpaScalingRules? rules) => new()
    {
        StabilizationWindowSeconds = rules?.StabilizationWindowSeconds ?? ScaleDownStabilizationSeconds,
        SelectPolicy = rules?.SelectPolicy ?? ScalingPolicySelect.Max,
        Policies = rules?.Policies ?? [new() { Type = HpaScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 }],
    };
}
