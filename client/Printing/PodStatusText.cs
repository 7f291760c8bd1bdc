namespace OrleansKube.Cli.Printing;

/// <summary>The STATUS and READY columns of <c>get pods</c>, computed as kubectl computes them.</summary>
public static class PodStatusText
{
    public static string Status(Pod pod)
    {
        var status = pod.Status;
        var reason = status?.Reason ?? status?.Phase?.ToString() ?? "Pending";
        var inits = pod.Spec.InitContainers ?? [];
        var initializing = false;
        for (var i = 0; i < (status?.InitContainerStatuses?.Count ?? 0); i++)
        {
            var init = status!.InitContainerStatuses![i];
            if (init.State?.Terminated is { ExitCode: 0 })
            {
                continue;
            }

            reason = init.State?.Terminated is { } terminated ? $"Init:{terminated.Reason ?? $"ExitCode:{terminated.ExitCode}"}"
                : init.State?.Waiting?.Reason is { Length: > 0 } waiting && waiting != "PodInitializing" ? $"Init:{waiting}"
                : $"Init:{i}/{inits.Count}";
            initializing = true;
            break;
        }

        if (!initializing)
        {
            foreach (var container in (status?.ContainerStatuses ?? []).AsEnumerable().Reverse())
            {
                if (container.State?.Waiting?.Reason is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (container.State?.Terminated is { } terminated)
                {
                    reason = terminated.Reason ?? (terminated.Signal is { } signal ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}");
                }
            }
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            reason = "Terminating";
        }

        return reason;
    }

    public static string Ready(Pod pod) =>
        $"{pod.Status?.ContainerStatuses?.Count(c => c.Ready) ?? 0}/{pod.Spec.Containers.Count}";

    public static int Restarts(Pod pod) =>
        (pod.Status?.InitContainerStatuses?.Sum(c => c.RestartCount) ?? 0) + (pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0);

    /// <summary>The RESTARTS column as kubectl prints it: the count, and how long ago the last restart was (<c>3 (12s ago)</c>).</summary>
    public static string RestartsText(Pod pod, DateTimeOffset now)
    {
        var restarts = Restarts(pod);
        DateTimeOffset? last = null;
        foreach (var status in (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []))
        {
            if (status.LastState?.Terminated?.FinishedAt is { } finished && (last is null || finished > last))
            {
                last = finished;
            }
        }

        return restarts != 0 && last is not null ? $"{restarts} ({Age.Since(last, now)} ago)" : restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
