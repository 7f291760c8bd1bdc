using OrleansKube.Control.Workloads;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// One pass of upstream's horizontal pod autoscaler (reconcileAutoscaler in pkg/controller/podautoscaler/horizontal.go):
/// reads the target's scale, proposes a count per metric (the largest wins), stabilizes and rate-limits it
/// (<see cref="ScaleBehavior"/>), writes the target's replicas, and records events, conditions and status. It never
/// throws for what upstream reports in conditions (a target or metric it cannot read): the next pass tries again.
/// </summary>
public sealed class HorizontalPodAutoscalerReconciler(IObjectControl control, ReplicaCalculator calculator)
{
    /// <summary>--horizontal-pod-autoscaler-sync-period.</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    /// <summary>One pass; <paramref name="listPods"/> lists the pods of the autoscaler's namespace that a selector selects. Returns the autoscaler as stored.</summary>
    public async Task<HorizontalPodAutoscaler> SyncAsync(HorizontalPodAutoscaler hpa, ScalingHistory history, Func<LabelSelector, Task<IReadOnlyList<Pod>>> listPods, DateTimeOffset now)
    {
        var pass = new Pass(hpa, now);
        await RunAsync(pass, hpa, history, listPods, now);
        var status = pass.Status;
        status.ObservedGeneration = hpa.Metadata.Generation;
        return StatusComparison.Same(hpa.Status, status) ? hpa : (HorizontalPodAutoscaler)await control.UpdateStatusAsync(hpa with { Status = status });
    }

    private async Task RunAsync(Pass pass, HorizontalPodAutoscaler hpa, ScalingHistory history, Func<LabelSelector, Task<IReadOnlyList<Pod>>> listPods, DateTimeOffset now)
    {
        var spec = hpa.Spec ?? new HorizontalPodAutoscalerSpec();
        var reference = spec.ScaleTargetRef ?? new CrossVersionObjectReference();
        var (target, problem) = await GetTargetAsync(reference, hpa.Metadata.Namespace ?? "");
        if (target is null || ScaleSubresource.Of(target) is not { } scale)
        {
            problem ??= $"{reference.Kind} \"{reference.Name}\" has no scale the autoscaler can read"; // a kind registered with /scale but not in ScaleSubresource
            control.RecordEvent(hpa, "Warning", "FailedGetScale", problem!);
            pass.Set(Conditions.AbleToScale, false, "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {problem}");
            pass.Status.CurrentMetrics = null;
            return;
        }

        pass.Set(Conditions.AbleToScale, true, "SucceededGetScale", "the HPA controller was able to get the target's current scale");
        var current = scale.SpecReplicas;
        pass.Status.CurrentReplicas = current;
        var minReplicas = spec.MinReplicas ?? 1;
        if (history.Recommendations.Count == 0)
        {
            history.Recommendations.Add((now, current)); // the window starts from where the target stands
        }

        int desired;
        string reason;
        if (current == 0 && minReplicas != 0)
        {
            // Autoscaling is off for a target scaled to zero by hand.
            pass.Set(Conditions.ScalingActive, false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
            pass.Status.DesiredReplicas = 0;
            pass.Status.CurrentMetrics = null;
            return;
        }
        else if (current > spec.MaxReplicas)
        {
            (desired, reason) = (spec.MaxReplicas, "Current number of replicas above Spec.MaxReplicas");
            pass.Status.CurrentMetrics = null; // no metric was read
        }
        else if (current < minReplicas)
        {
            (desired, reason) = (minReplicas, "Current number of replicas below Spec.MinReplicas");
            pass.Status.CurrentMetrics = null;
        }
        else
        {
            var (proposed, metric, statuses) = await ComputeAsync(pass, hpa, spec, scale, listPods, now);
            pass.Status.CurrentMetrics = statuses;
            if (proposed < 0)
            {
                control.RecordEvent(hpa, "Warning", "FailedComputeMetricsReplicas", pass.Error!);
                pass.Status.DesiredReplicas = current;
                return;
            }

            reason = proposed > current ? $"{metric} above target" : proposed < current ? "All metrics below target" : "";
            var normalized = ScaleBehavior.Normalize(spec, current, proposed, minReplicas, history, now);
            pass.Set(Conditions.AbleToScale, true, normalized.AbleToScale.Reason, normalized.AbleToScale.Message);
            pass.Set(Conditions.ScalingLimited, normalized.Limited, normalized.ScalingLimited.Reason, normalized.ScalingLimited.Message);
            desired = normalized.Replicas;
        }

        pass.Status.DesiredReplicas = desired;
        if (desired == current)
        {
            return;
        }

        try
        {
            await WriteReplicasAsync(target, desired);
        }
        catch (Exception e)
        {
            control.RecordEvent(hpa, "Warning", "FailedRescale", $"New size: {desired}; reason: {reason}; error: {e.Message}");
            pass.Set(Conditions.AbleToScale, false, "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {e.Message}");
            pass.Status.DesiredReplicas = current;
            return;
        }

        pass.Set(Conditions.AbleToScale, true, "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}");
        control.RecordEvent(hpa, "Normal", "SuccessfulRescale", $"New size: {desired}; reason: {reason}");
        if (spec.Behavior is { } behavior)
        {
            history.RecordScale(current, desired, now, ScaleBehavior.LongestPeriod(desired > current ? behavior.ScaleUp : behavior.ScaleDown));
        }

        pass.Status.LastScaleTime = now;
    }

    // As the REST front's scale subresource: a write that lost a race with the target's own status write is made again on the newer version.
    private async Task WriteReplicasAsync(KubeObject target, int replicas)
    {
        KubeObject? fresh;
        try
        {
            await control.UpdateAsync(ScaleSubresource.WithReplicas(target, replicas)!);
            return;
        }
        catch (Exception)
        {
            fresh = await control.GetAsync(Kinds.Of(target), target.Metadata.Namespace ?? "", target.Metadata.Name!);
            if (fresh is null || fresh.Metadata.Uid != target.Metadata.Uid)
            {
                throw;
            }
        }

        await control.UpdateAsync(ScaleSubresource.WithReplicas(fresh, replicas)!);
    }

    private async Task<(KubeObject? Target, string? Problem)> GetTargetAsync(CrossVersionObjectReference reference, string ns)
    {
        if (ScaleSubresource.KindOf(reference.Kind, reference.ApiVersion) is not { } kind)
        {
            // A kind the API serves without /scale is found, and then its scale is not (upstream's 404 for the subresource).
            if (Kinds.All.Any(k => k.Kind == reference.Kind && (string.IsNullOrEmpty(reference.ApiVersion) || k.ApiVersion == reference.ApiVersion)))
            {
                return (null, "the server could not find the requested resource");
            }

            var group = reference.ApiVersion is { } apiVersion && apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            return (null, $"unable to determine resource for scale target reference: no matches for kind \"{reference.Kind}\" in group \"{group}\"");
        }

        return await control.GetAsync(kind, ns, reference.Name) is { } target
            ? (target, null)
            : (null, $"{kind.QualifiedPlural} \"{reference.Name}\" not found");
    }

    /// <summary>Upstream's computeReplicasForMetrics: the largest proposal of the metrics that could be read; -1 when none could, or some could not and the rest would scale down.</summary>
    private async Task<(int Replicas, string Metric, List<MetricStatus>? Statuses)> ComputeAsync(
        Pass pass, HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerSpec spec, ScaleView scale, Func<LabelSelector, Task<IReadOnlyList<Pod>>> listPods, DateTimeOffset now)
    {
        if (scale.Selector is not { } selector)
        {
            control.RecordEvent(hpa, "Warning", "SelectorRequired", "selector is required");
            pass.Set(Conditions.ScalingActive, false, "InvalidSelector", "the HPA target's scale is missing a selector");
            pass.Error = "selector is required";
            return (-1, "", null);
        }

        var pods = await listPods(selector);
        var metrics = spec.Metrics ?? [];
        var statuses = new List<MetricStatus>(metrics.Count);
        int replicas = 0, invalid = 0;
        var metricName = "";
        (string Reason, string Error)? firstInvalid = null;
        foreach (var metric in metrics)
        {
            var (proposal, name, status, failure) = Propose(metric, scale.SpecReplicas, pods, now);
            statuses.Add(status);
            if (failure is { } f)
            {
                control.RecordEvent(hpa, "Warning", f.Reason, f.Error);
                firstInvalid ??= f;
                invalid++;
                continue;
            }

            if (replicas == 0 || proposal > replicas)
            {
                (replicas, metricName) = (proposal, name);
            }
        }

        if (firstInvalid is { } first && (invalid >= metrics.Count || replicas < scale.SpecReplicas))
        {
            pass.Set(Conditions.ScalingActive, false, first.Reason, $"the HPA was unable to compute the replica count: {first.Error}");
            pass.Error = $"invalid metrics ({invalid} invalid out of {metrics.Count}), first error is: {first.Error}";
            return (-1, "", statuses);
        }

        pass.Set(Conditions.ScalingActive, true, "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {metricName}");
        return (replicas, metricName, statuses);
    }

    private (int Replicas, string Name, MetricStatus Status, (string Reason, string Error)? Failure) Propose(MetricSpec metric, int current, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        var unread = new MetricStatus { Type = metric.Type };
        switch (metric.Type)
        {
            case MetricSourceType.Resource when metric.Resource is { } resource:
                var target = resource.Target;
                if (target?.AverageValue is { } averageValue)
                {
                    var raw = calculator.ForAverageValue(current, averageValue.MilliValue, resource.Name, pods, now);
                    return raw.Error is { } rawError
                        ? (0, "", unread, ("FailedGetResourceMetric", $"failed to get {resource.Name} usage: {rawError}"))
                        : (raw.Replicas, $"{resource.Name} resource", Status(resource.Name, new MetricValueStatus { AverageValue = Quantity.FromMilli(raw.RawAverage) }), null);
                }

                if (target?.AverageUtilization is not { } utilization)
                {
                    return (0, "", unread, ("FailedGetResourceMetric", "invalid resource metric source: neither a utilization target nor a value target was set"));
                }

                var proposal = calculator.ForUtilization(current, utilization, resource.Name, pods, now);
                return proposal.Error is { } error
                    ? (0, "", unread, ("FailedGetResourceMetric", $"failed to get {resource.Name} utilization: {error}"))
                    : (proposal.Replicas, $"{resource.Name} resource utilization (percentage of request)",
                        Status(resource.Name, new MetricValueStatus { AverageUtilization = proposal.Utilization, AverageValue = Quantity.FromMilli(proposal.RawAverage) }), null);
            default:
                // Stored as upstream's, but the simulation serves no per-container, custom or external metrics API.
                var (reason, name) = metric.Type switch
                {
                    MetricSourceType.Pods => ("FailedGetPodsMetric", metric.Pods?.Metric?.Name),
                    MetricSourceType.Object => ("FailedGetObjectMetric", metric.Object?.Metric?.Name),
                    MetricSourceType.External => ("FailedGetExternalMetric", metric.External?.Metric?.Name),
                    MetricSourceType.ContainerResource => ("FailedGetContainerResourceMetric", metric.ContainerResource?.Name),
                    _ => ("FailedGetResourceMetric", metric.Resource?.Name),
                };
                return (0, "", unread, (reason, $"unable to get metric {name}: {metric.Type} metrics are not simulated (only Resource metrics of cpu and memory are)"));
        }
    }

    private static MetricStatus Status(string resource, MetricValueStatus current) =>
        new() { Type = MetricSourceType.Resource, Resource = new ResourceMetricStatus { Name = resource, Current = current } };

    private static class Conditions
    {
        public const string AbleToScale = "AbleToScale";
        public const string ScalingActive = "ScalingActive";
        public const string ScalingLimited = "ScalingLimited";
    }

    /// <summary>The status one pass builds, from a copy of the stored one (conditions keep their transition times while their status holds).</summary>
    private sealed class Pass(HorizontalPodAutoscaler hpa, DateTimeOffset now)
    {
        public HorizontalPodAutoscalerStatus Status { get; } = new()
        {
            LastScaleTime = hpa.Status?.LastScaleTime,
            CurrentReplicas = hpa.Status?.CurrentReplicas,
            DesiredReplicas = hpa.Status?.DesiredReplicas ?? 0,
            CurrentMetrics = hpa.Status?.CurrentMetrics,
            Conditions = [.. (hpa.Status?.Conditions ?? []).Select(c => c with { })],
        };

        public string? Error { get; set; }

        public void Set(string type, bool status, string reason, string message)
        {
            var value = status ? ConditionStatus.True : ConditionStatus.False;
            var conditions = Status.Conditions!;
            var index = conditions.FindIndex(c => c.Type == type);
            var transition = index >= 0 && conditions[index].Status == value ? conditions[index].LastTransitionTime : now;
            var condition = new HorizontalPodAutoscalerCondition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = transition };
            if (index >= 0)
            {
                conditions[index] = condition;
            }
            else
            {
                conditions.Add(condition);
            }
        }
    }
}
