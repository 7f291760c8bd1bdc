namespace OrleansKube.Control.Kubelet;

/// <summary>Where a simulated container is: waiting (with a reason), running, or terminated.</summary>
internal enum RunState
{
    Waiting,
    Running,
    Terminated,
}

/// <summary>One container of a <see cref="PodRuntime"/>: its state, restarts, probe counters and what is due next.</summary>
internal sealed class ContainerRun(Container spec, bool isInit)
{
    private string? _waitingReason;
    private string? _waitingMessage;

    public Container Spec { get; } = spec;

    public bool IsInit { get; } = isInit;

    public RunState State { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public ContainerStateTerminated? LastTermination { get; private set; }

    public int RestartCount { get; set; }

    public bool Ready { get; set; }

    public CrashLoopBackoff Backoff { get; } = new();

    /// <summary>The code the running container will exit with at <see cref="ExitAt"/> (and, once terminated, the code it exited with).</summary>
    public int? ExitCode { get; set; }

    public DateTimeOffset? ExitAt { get; set; }

    public DateTimeOffset? RestartAt { get; set; }

    public DateTimeOffset? ReadyAt { get; set; }

    public DateTimeOffset? NextReadinessProbe { get; set; }

    public DateTimeOffset? NextLivenessProbe { get; set; }

    public int ReadinessSuccesses { get; set; }

    public int ReadinessFailures { get; set; }

    public int LivenessFailures { get; set; }

    public DateTimeOffset? NextDue
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var due in (ReadOnlySpan<DateTimeOffset?>)[ExitAt, RestartAt, ReadyAt, NextReadinessProbe, NextLivenessProbe])
            {
                if (due is not null && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    public void Waiting(string reason, string? message = null)
    {
        State = RunState.Waiting;
        _waitingReason = reason;
        _waitingMessage = message;
        Ready = false;
    }

    public void Running(DateTimeOffset now)
    {
        State = RunState.Running;
        StartedAt = now;
        ReadinessSuccesses = ReadinessFailures = LivenessFailures = 0;
    }

    public void Terminated(DateTimeOffset now, int exitCode)
    {
        State = RunState.Terminated;
        FinishedAt = now;
        ExitCode = exitCode;
        ExitAt = null;
        Ready = false;
        ProbesStop();
        LastTermination = TerminatedState(now);
    }

    public void ProbesStop()
    {
        ReadyAt = null;
        NextReadinessProbe = null;
        NextLivenessProbe = null;
    }

    public ContainerStatus ToStatus(Pod pod)
    {
        var state = State switch
        {
            RunState.Running => new ContainerState { Running = new ContainerStateRunning { StartedAt = StartedAt } },
            RunState.Terminated => new ContainerState { Terminated = LastTermination },
            _ => new ContainerState { Waiting = new ContainerStateWaiting { Reason = _waitingReason, Message = _waitingMessage } },
        };
        var created = State != RunState.Waiting || LastTermination is not null;
        return new ContainerStatus
        {
            Name = Spec.Name,
            Image = Spec.Image ?? "",
            ImageID = created ? ImageId(Spec.Image) : "",
            ContainerID = created ? ContainerId(pod) : null,
            State = state,

            // While restarting, the previous run is the last state; once terminated, the run before it.
            LastState = State == RunState.Terminated ? PreviousTermination : LastTermination is null ? new ContainerState() : new ContainerState { Terminated = LastTermination },
            Ready = Ready,
            RestartCount = RestartCount,
            Started = State == RunState.Running,
        };
    }

    private ContainerState PreviousTermination { get; set; } = new();

    private ContainerStateTerminated TerminatedState(DateTimeOffset now)
    {
        if (LastTermination is not null)
        {
            PreviousTermination = new ContainerState { Terminated = LastTermination };
        }

        return new ContainerStateTerminated
        {
            ExitCode = ExitCode ?? 0,
            Reason = ExitCode is 0 or null ? "Completed" : "Error",
            StartedAt = StartedAt,
            FinishedAt = now,
            ContainerID = $"containerd://{Hash($"{Spec.Name}/{StartedAt.ToUnixTimeMilliseconds()}")}",
        };
    }

    private string ContainerId(Pod pod) => $"containerd://{Hash($"{pod.Metadata.Uid}/{Spec.Name}/{RestartCount}")}";

    private static string ImageId(string? image) => string.IsNullOrEmpty(image) ? "" : $"docker.io/library/{image}@sha256:{Hash(image)}";

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
