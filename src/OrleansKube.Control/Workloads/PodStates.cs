using System.Runtime.InteropServices;
namespace OrleansKube.Control.Workloads;

/// <summary>What controllers read from a pod: active, ready, available (ready for minReadySeconds), restarts.</summary>
public static class PodStates
{
    /// <summary>Upstream's IsPodActive: not Succeeded, not Failed, not being deleted.</summary>
    public static bool IsActive(Pod pod) =>
        pod.Status?.Phase is not (PodPhase.Succeeded or PodPhase.Failed) && pod.Metadata.DeletionTimestamp is null;

    public static bool IsTerminal(Pod pod) => pod.Status?.Phase is PodPhase.Succeeded or PodPhase.Failed;

    public static bool IsReady(Pod pod) => ReadyCondition(pod)?.Status == ConditionStatus.True;

    /// <summary>When the pod last became ready (its Ready condition's transition), if it is ready.</summary>
    public static DateTimeOffset? ReadySince(Pod pod) =>
        ReadyCondition(pod) is { Status: ConditionStatus.True } ready ? ready.LastTransitionTime ?? pod.Metadata.CreationTimestamp : null;

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (upstream's IsPodAvailable).</summary>
    public static bool IsAvailable(Pod pod, int minReadySeconds, DateTimeOffset now) =>
        ReadySince(pod) is { } since && (minReadySeconds == 0 || since + TimeSpan.FromSeconds(minReadySeconds) <= now);

    /// <summary>When a ready pod becomes available, if it is ready and not yet available.</summary>
    public static DateTimeOffset? AvailableAt(Pod pod, int minReadySeconds, DateTimeOffset now) =>
        minReadySeconds > 0 && ReadySince(pod) is { } since && since + TimeSpan.FromSeconds(minReadySeconds) > now
            ? since + TimeSpan.FromSeconds(minReadySeconds)
            : null;

    /// <summary>The highest restart count of the pod's containers.</summary>
    public static int Restarts(Pod pod)
    {
        var restarts = 0;
        foreach (var status in CollectionsMarshal.AsSpan(pod.Status?.ContainerStatuses))
        {
            restarts = Math.Max(restarts, status.RestartCount);
        }

        return restarts;
    }

    /// <summary>The pod's Ready condition, if it has one.</summary>
    public static PodCondition? ReadyCondition(Pod pod)
    {
        foreach (var condition in CollectionsMarshal.AsSpan(pod.Status?.Conditions))
        {
            if (condition.Type == "Ready")
            {
                return condition;
            }
        }

        return null;
    }
}
