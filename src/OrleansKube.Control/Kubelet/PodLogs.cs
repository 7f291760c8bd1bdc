using System.Globalization;
using System.Text;
using OrleansKube.Control.Store;

namespace OrleansKube.Control.Kubelet;

/// <summary>
/// A simulated container's log, told from what the pod's status knows of it: the image it runs, when it started (and
/// after which exit it restarted), its postStart hook, readiness, a liveness probe line per probe period, the SIGTERM
/// of a deletion, and how it exited. The text is a pure function of the pod and the time: asked again later, a
/// running container's log has grown by the lines of the time in between, which is how a follower reads on.
/// Containers are chosen and refused as kube-apiserver and the kubelet do.
/// </summary>
public static class PodLogs
{
    /// <summary>Probe lines kept per container run: the newest (a day of a 10 s probe is 8,640 lines).</summary>
    private const int MaxProbeLines = 1000;

    /// <summary>The log, or the refusal upstream would answer with.</summary>
    public static ApiError? TryRead(Pod pod, PodLogRequest request, DateTimeOffset now, out string text) => TryRead(pod, request, now, null, out text);

    /// <summary>
    /// The log, or the refusal upstream would answer with; <paramref name="told"/>, when given, is what the running
    /// container printed (a control-plane component's own lines) instead of the simulated workload's story.
    /// </summary>
    public static ApiError? TryRead(Pod pod, PodLogRequest request, DateTimeOffset now, List<(DateTimeOffset At, string Text)>? told, out string text)
    {
        text = "";
        var name = pod.Metadata.Name ?? "";
        if (Options(request, name) is { } invalid)
        {
            return invalid;
        }

        var (container, error) = Choose(pod, request.Container);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            return null; // no kubelet runs it yet: an empty log, as upstream's LogLocation gives no location
        }

        var status = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).FirstOrDefault(s => s.Name == container!.Name);
        var run = Run(status, request.Previous);
        if (run is null)
        {
            return request.Previous
                ? new ApiError(ApiErrorReason.BadRequest, $"previous terminated container \"{container!.Name}\" in pod \"{name}\" not found")
                : new ApiError(ApiErrorReason.BadRequest, $"container \"{container!.Name}\" in pod \"{name}\" is waiting to start: {status?.State?.Waiting?.Reason ?? "ContainerCreating"}");
        }

        var lines = told ?? Lines(pod, container!, status!, run.Value, now);
        text = Format(lines, request, now);
        return null;
    }

    private static ApiError? Options(PodLogRequest request, string name)
    {
        var problems = new List<string>();
        if (request.TailLines < 0)
        {
            problems.Add($"tailLines: Invalid value: {request.TailLines}: must be greater than or equal to 0");
        }

        if (request.SinceSeconds < 1)
        {
            problems.Add($"sinceSeconds: Invalid value: {request.SinceSeconds}: must be greater than 0");
        }

        if (request.LimitBytes < 1)
        {
            problems.Add($"limitBytes: Invalid value: {request.LimitBytes}: must be greater than 0");
        }

        return problems.Count == 0 ? null : new ApiError(ApiErrorReason.Invalid, $"PodLogOptions \"{name}\" is invalid: {string.Join(", ", problems)}");
    }

    /// <summary>The container asked for: the only one when none is named; an init container may be named too (upstream's LogLocation).</summary>
    private static (Container? Container, ApiError? Error) Choose(Pod pod, string? name)
    {
        var podName = pod.Metadata.Name ?? "";
        if (string.IsNullOrEmpty(name))
        {
            return pod.Spec.Containers switch
            {
                [var only] => (only, null),
                [] => (null, new ApiError(ApiErrorReason.BadRequest, $"a container name must be specified for pod {podName}")),
                var several => (null, new ApiError(ApiErrorReason.BadRequest,
                    $"a container name must be specified for pod {podName}, choose one of: [{string.Join(" ", several.Select(c => c.Name))}]"
                    + (pod.Spec.InitContainers is { Count: > 0 } inits ? $" or one of the init containers: [{string.Join(" ", inits.Select(c => c.Name))}]" : ""))),
            };
        }

        var container = pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == name);
        return container is null ? (null, new ApiError(ApiErrorReason.BadRequest, $"container {name} is not valid for pod {podName}")) : (container, null);
    }

    /// <summary>One run of a container: when it started, how it ended (if it has), which restart it is and what ended the run before it.</summary>
    private readonly record struct ContainerRunLog(DateTimeOffset StartedAt, ContainerStateTerminated? Ended, int Restart, ContainerStateTerminated? Before);

    private static ContainerRunLog? Run(ContainerStatus? status, bool previous)
    {
        if (status is null)
        {
            return null;
        }

        var last = status.LastState?.Terminated;
        if (previous)
        {
            // In a crash loop the last run is both the latest and the previous one, as `kubectl logs -p` shows it.
            return last?.StartedAt is { } lastStart ? new ContainerRunLog(lastStart, last, Math.Max(0, status.RestartCount - (status.State?.Waiting is null ? 1 : 0)), null) : null;
        }

        return status.State switch
        {
            { Running.StartedAt: { } started } => new ContainerRunLog(started, null, status.RestartCount, last),
            { Terminated: { StartedAt: { } started } ended } => new ContainerRunLog(started, ended, status.RestartCount, last),
            // Waiting to restart (a crash loop): the latest run is the one that ended.
            { Waiting: not null } when last?.StartedAt is { } lastStart => new ContainerRunLog(lastStart, last, Math.Max(0, status.RestartCount - 1), null),
            _ => null,
        };
    }

    private static List<(DateTimeOffset At, string Text)> Lines(Pod pod, Container container, ContainerStatus status, ContainerRunLog run, DateTimeOffset now)
    {
        var lines = new List<(DateTimeOffset, string)>();
        var start = run.StartedAt;
        var end = run.Ended?.FinishedAt ?? now;
        var image = string.IsNullOrEmpty(status.Image) ? container.Image : status.Image;
        lines.Add((start, $"simulated container {container.Name} of pod {pod.Metadata.Namespace}/{pod.Metadata.Name} on node {pod.Spec.NodeName}"));
        lines.Add((start, $"image {image} pulled, container created"));
        lines.Add((start, run.Restart == 0 ? "started"
            : $"started again (restart {run.Restart}){(run.Before is { } before ? $" after exiting with code {before.ExitCode} ({before.Reason ?? "Error"})" : "")}"));
        if (container.Lifecycle?.PostStart is not null)
        {
            lines.Add((start, "postStart hook completed"));
        }

        if (container.ReadinessProbe is { } readiness && (status.Ready || run.Ended is not null))
        {
            // When the kubelet found it ready (the pod's ContainersReady), else after the probe's initial delay.
            var ready = pod.Status?.Conditions?.FirstOrDefault(c => c is { Type: "ContainersReady", Status: ConditionStatus.True })?.LastTransitionTime is { } readyAt && readyAt >= start
                ? readyAt
                : start + TimeSpan.FromSeconds(readiness.InitialDelaySeconds ?? 0);
            if (ready <= end)
            {
                lines.Add((ready, $"readiness probe ({Describe(readiness)}) succeeded: ready to serve"));
            }
        }

        if (container.LivenessProbe is { } liveness)
        {
            var period = TimeSpan.FromSeconds(Math.Max(1, liveness.PeriodSeconds ?? 10));
            var first = start + TimeSpan.FromSeconds(liveness.InitialDelaySeconds ?? 0);
            var ticks = first > end ? 0 : (long)((end - first) / period) + 1;
            for (var i = Math.Max(0, ticks - MaxProbeLines); i < ticks; i++)
            {
                lines.Add((first + (period * i), $"liveness probe ({Describe(liveness)}) succeeded"));
            }
        }

        if (pod.Metadata.DeletionTimestamp is { } deleting && deleting >= start && deleting <= end)
        {
            lines.Add((deleting, $"received SIGTERM: pod is being deleted (grace period {pod.Metadata.DeletionGracePeriodSeconds ?? 30}s), shutting down"));
        }

        if (run.Ended is { } ended)
        {
            lines.Add((ended.FinishedAt ?? end, $"exited with code {ended.ExitCode} ({ended.Reason ?? (ended.ExitCode == 0 ? "Completed" : "Error")})"));
        }

        // Stable: lines of the same instant keep the order they were told in.
        return [.. lines.Select((line, index) => (line, index)).OrderBy(l => l.line.Item1).ThenBy(l => l.index).Select(l => l.line)];
    }

    private static string Describe(Probe probe) => probe switch
    {
        { HttpGet: { } get } => $"http-get {(get.Scheme ?? "HTTP").ToLowerInvariant()}://:{get.Port}{get.Path ?? "/"}",
        { TcpSocket: { } tcp } => $"tcp-socket :{tcp.Port}",
        { Grpc: { } grpc } => $"grpc :{grpc.Port}",
        { Exec.Command: { } command } => $"exec [{string.Join(" ", command)}]",
        _ => "probe",
    };

    private static string Format(List<(DateTimeOffset At, string Text)> lines, PodLogRequest request, DateTimeOffset now)
    {
        IEnumerable<(DateTimeOffset At, string Text)> selected = lines;
        if (request.SinceSeconds is { } since)
        {
            var from = now - TimeSpan.FromSeconds(since);
            selected = selected.Where(l => l.At >= from);
        }

        if (request.TailLines is { } tail)
        {
            selected = selected.TakeLast((int)Math.Min(tail, int.MaxValue));
        }

        var text = new StringBuilder();
        foreach (var (at, line) in selected)
        {
            if (request.Timestamps)
            {
                text.Append(Timestamp(at)).Append(' ');
            }

            text.Append(line).Append('\n');
        }

        var result = text.ToString();
        if (request.LimitBytes is { } limit && Encoding.UTF8.GetByteCount(result) > limit)
        {
            var bytes = Encoding.UTF8.GetBytes(result);
            result = Encoding.UTF8.GetString(bytes, 0, (int)Math.Min(limit, bytes.Length));
        }

        return result;
    }

    /// <summary>Go's RFC3339Nano, as the kubelet stamps log lines: UTC, fractional seconds without trailing zeros.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
