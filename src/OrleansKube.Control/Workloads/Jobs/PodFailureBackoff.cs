namespace OrleansKube.Control.Workloads.Jobs;

/// <summary>Upstream's pod-failure backoff for Jobs: 10 s after the first failure since the last success, doubling, at most 6 minutes.</summary>
public static class PodFailureBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    public static TimeSpan Delay(int failuresSinceSuccess) =>
        failuresSinceSuccess <= 0 ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(Max.Ticks, Initial.Ticks * (1L << Math.Min(failuresSinceSuccess - 1, 20))));

    /// <summary>When a finished pod finished: its last container's finish time, else its creation.</summary>
    public static DateTimeOffset FinishedAt(Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Select(c => c.State?.Terminated?.FinishedAt).Where(t => t is not null).Max()
        ?? pod.Status?.Conditions?.Select(c => c.LastTransitionTime).Where(t => t is not null).Max()
        ?? pod.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue;
}
