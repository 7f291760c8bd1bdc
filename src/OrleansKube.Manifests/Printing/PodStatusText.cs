using System.Globalization;

namespace OrleansKube.Manifests.Printing;

/// <summary>The READY, STATUS and RESTARTS columns of <c>get pods</c>, computed as upstream's pod printer computes them.</summary>
public static class PodStatusText
{
    public static string Status(Pod pod) => Summarize(pod).Status;

    public static string Ready(Pod pod) => Summarize(pod).Ready;

    /// <summary>The RESTARTS column: the count, and how long ago the last restart was (<c>3 (12s ago)</c>).</summary>
    public static string RestartsText(Pod pod, DateTimeOffset now)
    {
        var summary = Summarize(pod);
        return summary.Restarts != 0 && summary.LastRestart is { } last
            ? $"{summary.Restarts} ({Age.Since(last, now)} ago)"
            : summary.Restarts.ToString(CultureInfo.InvariantCulture);
    }

    private static (string Ready, string Status, int Restarts, DateTimeOffset? LastRestart) Summarize(Pod pod)
    {
        var status = pod.Status;
        var phase = status?.Phase;
        var reason = status?.Reason ?? phase?.ToString() ?? "Pending";
        if (status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated") == true)
        {
            reason = "SchedulingGated";
        }

        var restarts = 0;
        DateTimeOffset? lastRestart = null;
        var ready = 0;
        var inits = pod.Spec.InitContainers ?? [];
        var initializing = false;
        var initStatuses = status?.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var init = initStatuses[i];
            restarts += init.RestartCount;
            lastRestart = Later(lastRestart, init.LastState?.Terminated?.FinishedAt);
            if (init.State?.Terminated is { ExitCode: 0 })
            {
                continue;
            }

            reason = init.State?.Terminated is { } terminated ? "Init:" + (terminated.Reason ?? (terminated.Signal is { } signal ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}"))
                : init.State?.Waiting?.Reason is { Length: > 0 } waiting && waiting != "PodInitializing" ? $"Init:{waiting}"
                : $"Init:{i}/{inits.Count}";
            initializing = true;
            break;
        }

        if (!initializing || HasTrueCondition(status, "Initialized"))
        {
            // Once initialized, only the containers' restarts count (upstream also counts restartable init containers, which the model has not).
            restarts = 0;
            lastRestart = null;
            var hasRunning = false;
            foreach (var container in (status?.ContainerStatuses ?? []).AsEnumerable().Reverse())
            {
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                if (container.State?.Waiting?.Reason is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (container.State?.Terminated is { } terminated)
                {
                    reason = terminated.Reason ?? (terminated.Signal is { } signal ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}");
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A container still running turns a "Completed" pod back to Running (or NotReady without the Ready condition).
            if (reason == "Completed" && hasRunning)
            {
                reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata.DeletionTimestamp is not null && status?.Reason == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (pod.Metadata.DeletionTimestamp is not null && phase is not (PodPhase.Succeeded or PodPhase.Failed))
        {
            reason = "Terminating";
        }

        return ($"{ready}/{pod.Spec.Containers.Count}", reason, restarts, lastRestart);
    }

    private static bool HasTrueCondition(PodStatus? status, string type) =>
        status?.Conditions?.Any(c => c.Type == type && c.Status == ConditionStatus.True) == true;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => b is null || (a is not null && a >= b) ? a : b;
}
