using OrleansKube.Manifests.Defaulting;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// How a metric's desired count becomes the count written (upstream's normalizeDesiredReplicas*): held by the
/// stabilization windows over recent recommendations, limited by the scaling policies' rates over recent scale events,
/// and clamped to minReplicas/maxReplicas. Without spec.behavior, upstream's older rules: a 300 s scale-down window and
/// at most max(2 × current, 4) per pass.
/// </summary>
public static class ScaleBehavior
{
    private const string DesiredWithinRange = "DesiredWithinRange";
    private const string WithinRangeMessage = "the desired count is within the acceptable range";

    private static readonly Condition ReadyForNewScale = new("ReadyForNewScale", "recommended size matches current size");
    private static readonly Condition ScaleUpStabilized = new("ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation");
    private static readonly Condition ScaleDownStabilized = new("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    private static readonly Condition ScaleUpLimit = new("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate");
    private static readonly Condition ScaleDownLimit = new("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate");
    private static readonly Condition TooManyReplicas = new("TooManyReplicas", "the desired replica count is more than the maximum replica count");
    private static readonly Condition TooFewReplicas = new("TooFewReplicas", "the desired replica count is less than the minimum replica count");

    /// <summary>--horizontal-pod-autoscaler-downscale-stabilization, for autoscalers without a behavior.</summary>
    public static readonly TimeSpan DownscaleStabilization = TimeSpan.FromMinutes(5);

    public static ScaleNormalization Normalize(HorizontalPodAutoscalerSpec spec, int current, int desired, int minReplicas, ScalingHistory history, DateTimeOffset now) =>
        spec.Behavior is null
            ? WithoutBehavior(current, desired, minReplicas, spec.MaxReplicas, history, now)
            : WithBehavior(AutoscalerDefaults.ScaleUpRules(spec.Behavior.ScaleUp), AutoscalerDefaults.ScaleDownRules(spec.Behavior.ScaleDown), current, desired, minReplicas, spec.MaxReplicas, history, now);

    /// <summary>The longest policy period of a behavior's rules in a direction (how long its scale events are kept).</summary>
    public static TimeSpan LongestPeriod(HpaScalingRules? rules) =>
        TimeSpan.FromSeconds(rules?.Policies?.Select(p => p.PeriodSeconds).DefaultIfEmpty(0).Max() ?? 0);

    private static ScaleNormalization WithoutBehavior(int current, int desired, int minReplicas, int maxReplicas, ScalingHistory history, DateTimeOffset now)
    {
        // Stabilize: the highest recommendation of the window (scale-downs only wait).
        var cutoff = now - DownscaleStabilization;
        var stabilized = desired;
        foreach (var (at, recommended) in history.Recommendations)
        {
            if (at >= cutoff && recommended > stabilized)
            {
                stabilized = recommended;
            }
        }

        history.Recommend(desired, now, cutoff);
        var able = stabilized != desired ? ScaleDownStabilized : ReadyForNewScale;

        var scaleUpLimit = Math.Max(2 * current, 4);
        var (maximum, limit) = maxReplicas > scaleUpLimit ? (scaleUpLimit, ScaleUpLimit) : (maxReplicas, TooManyReplicas);
        var (replicas, condition) = stabilized < minReplicas ? (minReplicas, TooFewReplicas)
            : stabilized > maximum ? (maximum, limit)
            : (stabilized, new Condition(DesiredWithinRange, WithinRangeMessage));
        return new ScaleNormalization(replicas, able, condition, replicas != stabilized);
    }

    private static ScaleNormalization WithBehavior(HpaScalingRules up, HpaScalingRules down, int current, int desired, int minReplicas, int maxReplicas, ScalingHistory history, DateTimeOffset now)
    {
        // Stabilize: within the scale-up window the lowest recommendation, within the scale-down window the highest;
        // the current count moves only as far as both allow.
        var upCutoff = now - TimeSpan.FromSeconds(up.StabilizationWindowSeconds ?? 0);
        var downCutoff = now - TimeSpan.FromSeconds(down.StabilizationWindowSeconds ?? 0);
        int upRecommendation = desired, downRecommendation = desired;
        foreach (var (at, recommended) in history.Recommendations)
        {
            if (at > upCutoff)
            {
                upRecommendation = Math.Min(upRecommendation, recommended);
            }

            if (at > downCutoff)
            {
                downRecommendation = Math.Max(downRecommendation, recommended);
            }
        }

        var stabilized = Math.Min(Math.Max(current, upRecommendation), downRecommendation);
        history.Recommend(desired, now, upCutoff < downCutoff ? upCutoff : downCutoff);
        var able = stabilized == desired ? ReadyForNewScale : desired >= current ? ScaleUpStabilized : ScaleDownStabilized;

        var (replicas, condition) = (stabilized, new Condition(DesiredWithinRange, WithinRangeMessage));
        if (stabilized > current)
        {
            var rate = Math.Max(ScaleUpLimitOf(current, history, up, now), current); // no further up until old events have passed
            var (maximum, limit) = maxReplicas > rate ? (rate, ScaleUpLimit) : (maxReplicas, TooManyReplicas);
            if (stabilized > maximum)
            {
                (replicas, condition) = (maximum, limit);
            }
        }
        else if (stabilized < current)
        {
            var rate = Math.Min(ScaleDownLimitOf(current, history, down, now), current);
            var (minimum, limit) = minReplicas < rate ? (rate, ScaleDownLimit) : (minReplicas, TooFewReplicas);
            if (stabilized < minimum)
            {
                (replicas, condition) = (minimum, limit);
            }
        }

        return new ScaleNormalization(replicas, able, condition, replicas != stabilized);
    }

    // Each policy allows a change from where the count stood at the start of its period; Max takes the largest allowance, Min the smallest.
    private static int ScaleUpLimitOf(int current, ScalingHistory history, HpaScalingRules rules, DateTimeOffset now)
    {
        if (rules.SelectPolicy == ScalingPolicySelect.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == ScalingPolicySelect.Min;
        var result = min ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var periodStart = PeriodStart(current, history, policy, now);
            var proposed = policy.Type == HpaScalingPolicyType.Pods
                ? periodStart + policy.Value
                : (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0)); // rounded up, or a small count would never grow
            result = min ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }

        return result;
    }

    private static int ScaleDownLimitOf(int current, ScalingHistory history, HpaScalingRules rules, DateTimeOffset now)
    {
        if (rules.SelectPolicy == ScalingPolicySelect.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == ScalingPolicySelect.Min;
        var result = min ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var periodStart = PeriodStart(current, history, policy, now);
            var proposed = policy.Type == HpaScalingPolicyType.Pods
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - policy.Value / 100.0));
            result = min ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return result;
    }

    private static int PeriodStart(int current, ScalingHistory history, HpaScalingPolicy policy, DateTimeOffset now)
    {
        var period = TimeSpan.FromSeconds(policy.PeriodSeconds);
        return current - ScalingHistory.ChangeWithin(history.ScaleUps, period, now) + ScalingHistory.ChangeWithin(history.ScaleDowns, period, now);
    }
}
