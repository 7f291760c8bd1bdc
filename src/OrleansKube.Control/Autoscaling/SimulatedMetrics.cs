using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Control.Autoscaling;

/// <summary>
/// The resource metrics API of the simulation (metrics-server's part): a pod whose containers run has a sample of its
/// cpu and memory, read from its annotations (<see cref="WorkloadBehaviour.CpuUsageKey"/>, which may change with the
/// pod's age, and <see cref="WorkloadBehaviour.MemoryUsageKey"/>) or, without them, what it requests. Values are in
/// milli-units, as upstream's metrics client reads them (millicores; memory in thousandths of a byte).
/// </summary>
public static class SimulatedMetrics
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    /// <summary>The samples, by pod name, of the pods that have one (a sample is taken now, so its timestamp is now).</summary>
    public static Dictionary<string, long> Read(IEnumerable<Pod> pods, string resource, DateTimeOffset now)
    {
        var samples = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (Usage(pod, resource, now) is { } usage)
            {
                samples[pod.Metadata.Name!] = usage;
            }
        }

        return samples;
    }

    /// <summary>A pod's use of the resource in milli-units, or null when it has no sample (none of its containers runs, or the resource is neither cpu nor memory).</summary>
    public static long? Usage(Pod pod, string resource, DateTimeOffset now)
    {
        if (pod.Status?.Phase != PodPhase.Running || pod.Status.ContainerStatuses?.Any(c => c.State?.Running is not null) != true)
        {
            return null;
        }

        var annotations = pod.Metadata.Annotations;
        var request = Request(pod, resource);
        switch (resource)
        {
            case Cpu:
                if (annotations?.TryGetValue(WorkloadBehaviour.CpuUsageKey, out var text) == true && UsageSchedule.TryParse(text, out var schedule))
                {
                    var start = pod.Status.StartTime ?? pod.Metadata.CreationTimestamp ?? now;
                    return schedule.At(now - start).Resolve(request).MilliValue;
                }

                return request?.MilliValue ?? 0;
            case Memory:
                if (annotations?.TryGetValue(WorkloadBehaviour.MemoryUsageKey, out var memory) == true && Quantity.TryParse(memory, out var bytes))
                {
                    return bytes.MilliValue;
                }

                return request?.MilliValue ?? 0;
            default:
                return null;
        }
    }

    /// <summary>What the pod's containers request of the resource together; null when none of them requests it.</summary>
    public static Quantity? Request(Pod pod, string resource)
    {
        Quantity? total = null;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            if (container.Resources?.Requests?.TryGetValue(resource, out var request) == true)
            {
                total = (total ?? Quantity.Zero).Add(request);
            }
        }

        return total;
    }
}
