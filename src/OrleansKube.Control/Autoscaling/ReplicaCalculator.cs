using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// Upstream's replica calculator (pkg/controller/podautoscaler/replica_calculator.go) for resource metrics: the ratio
/// of use to target over the pods that count, a change only beyond the tolerance, and upstream's care for pods
/// without a sample (missing) and pods not ready yet (unready) so that neither drives a scale the wrong way.
/// </summary>
public sealed record ReplicaCalculator
{
    /// <summary>--horizontal-pod-autoscaler-tolerance.</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>--horizontal-pod-autoscaler-cpu-initialization-period.</summary>
    public TimeSpan CpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--horizontal-pod-autoscaler-initial-readiness-delay.</summary>
    public TimeSpan InitialReadinessDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a sample covers (metrics-server's resolution): a cpu sample taken sooner after a pod became ready is not trusted.</summary>
    public TimeSpan MetricWindow { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Replicas for a target utilization (percent of the pods' request).</summary>
    public ReplicaProposal ForUtilization(int currentReplicas, int targetUtilization, string resource, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        var (metrics, groups, failure) = Sampled(resource, pods, now);
        if (failure is not null)
        {
            return failure;
        }

        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            foreach (var container in pod.Spec?.Containers ?? [])
            {
                if (container.Resources?.Requests?.TryGetValue(resource, out var request) != true)
                {
                    return ReplicaProposal.Failed($"missing request for {resource} in container {container.Name} of Pod {pod.Metadata.Name}");
                }

                requests[pod.Metadata.Name!] = requests.GetValueOrDefault(pod.Metadata.Name!) + request.MilliValue;
            }
        }

        if (UtilizationRatio(metrics, requests, targetUtilization) is not var (ratio, utilization, rawAverage))
        {
            return ReplicaProposal.Failed("no metrics returned matched known pods");
        }

        var scaleUpWithUnready = groups.Unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return Math.Abs(1.0 - ratio) <= Tolerance
                ? new(currentReplicas, utilization, rawAverage)
                : new((int)Math.Ceiling(ratio * groups.ReadyCount), utilization, rawAverage);
        }

        if (groups.Missing.Count > 0)
        {
            // Scaling down, a pod without a sample counts as using all its request (or the target, above 100 %); scaling up, nothing.
            foreach (var name in groups.Missing)
            {
                metrics[name] = ratio < 1.0 ? requests.GetValueOrDefault(name) * Math.Max(100, targetUtilization) / 100 : 0;
            }
        }

        if (scaleUpWithUnready)
        {
            foreach (var name in groups.Unready)
            {
                metrics[name] = 0;
            }
        }

        var newRatio = UtilizationRatio(metrics, requests, targetUtilization)?.Ratio ?? ratio;
        return Settle(currentReplicas, ratio, newRatio, metrics.Count, utilization, rawAverage);
    }

    /// <summary>Replicas for a target average use per pod (milli-units).</summary>
    public ReplicaProposal ForAverageValue(int currentReplicas, long targetMilli, string resource, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        var (metrics, groups, failure) = Sampled(resource, pods, now);
        if (failure is not null)
        {
            return failure;
        }

        var (ratio, average) = UsageRatio(metrics, targetMilli);
        var scaleUpWithUnready = groups.Unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return Math.Abs(1.0 - ratio) <= Tolerance
                ? new(currentReplicas, null, average)
                : new((int)Math.Ceiling(ratio * groups.ReadyCount), null, average);
        }

        foreach (var name in groups.Missing)
        {
            metrics[name] = ratio < 1.0 ? targetMilli : 0; // scaling down, a missing pod uses exactly the target
        }

        if (scaleUpWithUnready)
        {
            foreach (var name in groups.Unready)
            {
                metrics[name] = 0;
            }
        }

        return Settle(currentReplicas, ratio, UsageRatio(metrics, targetMilli).Ratio, metrics.Count, null, average);
    }

    // The second reading (missing and unready pods filled in) moves nothing when it is within the tolerance or turns the direction.
    private ReplicaProposal Settle(int currentReplicas, double ratio, double newRatio, int counted, int? utilization, long rawAverage)
    {
        if (Math.Abs(1.0 - newRatio) <= Tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
        {
            return new(currentReplicas, utilization, rawAverage);
        }

        var replicas = (int)Math.Ceiling(newRatio * counted);
        return (newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)
            ? new(currentReplicas, utilization, rawAverage)
            : new(replicas, utilization, rawAverage);
    }

    /// <summary>
    /// The usable samples of the pods and how the pods group (ignored, unready, missing), or upstream's failure when there
    /// are no metrics, no pods, or no sample left once ignored and unready pods are set aside.
    /// </summary>
    private (Dictionary<string, long> Metrics, PodGroups Groups, ReplicaProposal? Failure) Sampled(string resource, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        if (Samples(resource, pods, now) is not { } metrics)
        {
            return ([], null!, ReplicaProposal.Failed($"unable to get metrics for resource {resource}: no metrics returned from resource metrics API"));
        }

        if (pods.Count == 0)
        {
            return ([], null!, ReplicaProposal.Failed("no pods returned by selector while calculating replica count"));
        }

        var groups = Group(pods, metrics, resource, now);
        Remove(metrics, groups.Ignored);
        Remove(metrics, groups.Unready);
        return metrics.Count == 0
            ? ([], null!, ReplicaProposal.Failed("did not receive metrics for targeted pods (pods might be unready)"))
            : (metrics, groups, null);
    }

    private static Dictionary<string, long>? Samples(string resource, IReadOnlyList<Pod> pods, DateTimeOffset now)
    {
        var metrics = SimulatedMetrics.Read(pods, resource, now);
        return metrics.Count == 0 ? null : metrics;
    }

    private static void Remove(Dictionary<string, long> metrics, HashSet<string> names)
    {
        foreach (var name in names)
        {
            metrics.Remove(name);
        }
    }

    // Upstream's GetResourceUtilizationRatio: utilization is a whole percent, and the ratio is taken from it.
    private static (double Ratio, int Utilization, long RawAverage)? UtilizationRatio(Dictionary<string, long> metrics, Dictionary<string, long> requests, int targetUtilization)
    {
        long metricsTotal = 0, requestsTotal = 0;
        var entries = 0;
        foreach (var (name, value) in metrics)
        {
            if (requests.TryGetValue(name, out var request))
            {
                metricsTotal += value;
                requestsTotal += request;
                entries++;
            }
        }

        if (requestsTotal == 0)
        {
            return null;
        }

        var utilization = (int)(metricsTotal * 100 / requestsTotal);
        return ((double)utilization / targetUtilization, utilization, metricsTotal / entries);
    }

    private static (double Ratio, long Average) UsageRatio(Dictionary<string, long> metrics, long targetMilli)
    {
        var average = metrics.Values.Sum() / metrics.Count;
        return ((double)average / targetMilli, average);
    }

    /// <summary>Upstream's groupPods: which pods count, which are not ready yet, which have no sample, which are ignored.</summary>
    private PodGroups Group(IReadOnlyList<Pod> pods, Dictionary<string, long> metrics, string resource, DateTimeOffset now)
    {
        var groups = new PodGroups();
        foreach (var pod in pods)
        {
            var name = pod.Metadata.Name!;
            if (pod.Metadata.DeletionTimestamp is not null || pod.Status?.Phase is PodPhase.Failed or PodPhase.Succeeded)
            {
                groups.Ignored.Add(name);
                continue;
            }

            if (pod.Status?.Phase is null or PodPhase.Pending)
            {
                groups.Unready.Add(name);
                continue;
            }

            if (!metrics.ContainsKey(name))
            {
                groups.Missing.Add(name);
                continue;
            }

            if (resource == SimulatedMetrics.Cpu && CpuUnready(pod, now))
            {
                groups.Unready.Add(name);
                continue;
            }

            groups.ReadyCount++;
        }

        return groups;
    }

    // A cpu sample is not trusted from a pod still starting (its start-up burns cpu): unready, or ready for less than a
    // sample's window, within the initialization period; after it, only a pod that never became ready.
    private bool CpuUnready(Pod pod, DateTimeOffset now)
    {
        var ready = PodStates.ReadyCondition(pod);
        if (ready is null || pod.Status?.StartTime is not { } started)
        {
            return true;
        }

        var transition = ready.LastTransitionTime ?? started;
        return started + CpuInitializationPeriod > now
            ? ready.Status != ConditionStatus.True || now < transition + MetricWindow
            : ready.Status != ConditionStatus.True && started + InitialReadinessDelay > transition;
    }

    private sealed class PodGroups
    {
        public int ReadyCount { get; set; }

        public HashSet<string> Unready { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);
    }
}
