using System.Collections.Concurrent;

namespace OrleansKube.Control.Kubelet;

/// <summary>Where a simulated container is: waiting (with a reason), running, or terminated.</summary>
internal enum RunState
{
    Waiting,
    Running,
    Terminated,
}

/// <summary>
/// One container of a <see cref="PodRuntime"/>: its state, restarts, probe counters and what is due next. Its status
/// is built when something it shows changes, not each time the pod's status is looked at.
/// </summary>
internal sealed class ContainerRun(Container spec, bool isInit, string? podUid)
{
    // Image digests are the same for every pod of an image: hashed once per image, up to a bound (images are few).
    private const int ImageIdCacheLimit = 4_096;
    private static readonly ConcurrentDictionary<string, string> ImageIds = new(StringComparer.Ordinal);
    private static readonly ContainerState NoState = new();

    private string? _waitingReason;
    private string? _waitingMessage;
    private bool _ready;
    private int _restartCount;
    private ContainerStatus? _status;
    private ContainerStatus? _previous;
    private CrashLoopBackoff? _backoff;
    private string? _containerId;
    private int _containerIdRestart = -1;

    // What is due, as CompactTime ticks (0: nothing): most of the pod's runtime memory would be these otherwise.
    private long _finishedAt;
    private long _exitAt;
    private long _restartAt;
    private long _readyAt;
    private long _nextReadinessProbe;
    private long _nextLivenessProbe;

    public Container Spec { get; } = spec;

    public bool IsInit { get; } = isInit;

    public RunState State { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt
    {
        get => CompactTime.At(_finishedAt);
        private set => _finishedAt = CompactTime.Of(value);
    }

    public ContainerStateTerminated? LastTermination { get; private set; }

    public int RestartCount
    {
        get => _restartCount;
        set => Changed(ref _restartCount, value);
    }

    public bool Ready
    {
        get => _ready;
        set => Changed(ref _ready, value);
    }

    /// <summary>The restart back-off, made at the first exit (most containers never exit).</summary>
    public CrashLoopBackoff Backoff => _backoff ??= new();

    /// <summary>The code the running container will exit with at <see cref="ExitAt"/> (and, once terminated, the code it exited with).</summary>
    public int? ExitCode { get; set; }

    public DateTimeOffset? ExitAt
    {
        get => CompactTime.At(_exitAt);
        set => _exitAt = CompactTime.Of(value);
    }

    public DateTimeOffset? RestartAt
    {
        get => CompactTime.At(_restartAt);
        set => _restartAt = CompactTime.Of(value);
    }

    public DateTimeOffset? ReadyAt
    {
        get => CompactTime.At(_readyAt);
        set => _readyAt = CompactTime.Of(value);
    }

    public DateTimeOffset? NextReadinessProbe
    {
        get => CompactTime.At(_nextReadinessProbe);
        set => _nextReadinessProbe = CompactTime.Of(value);
    }

    public DateTimeOffset? NextLivenessProbe
    {
        get => CompactTime.At(_nextLivenessProbe);
        set => _nextLivenessProbe = CompactTime.Of(value);
    }

    public int ReadinessSuccesses { get; set; }

    public int ReadinessFailures { get; set; }

    public int LivenessFailures { get; set; }

    public DateTimeOffset? NextDue
    {
        get
        {
            var next = Earliest(_exitAt, _restartAt);
            next = Earliest(next, _readyAt);
            next = Earliest(next, _nextReadinessProbe);
            return CompactTime.At(Earliest(next, _nextLivenessProbe));
        }
    }

    /// <summary>The status as the kubelet reports it now; the same instance until something it shows changes.</summary>
    public ContainerStatus Status
    {
        get
        {
            if (_status is null)
            {
                var built = Build();

                // A change that shows nothing new (waiting again for the same reason) keeps the instance the pod's status holds.
                _status = _previous is not null && _previous.Equals(built) ? _previous : built;
                _previous = _status;
            }

            return _status;
        }
    }

    public void Waiting(string reason, string? message = null)
    {
        State = RunState.Waiting;
        _waitingReason = reason;
        _waitingMessage = message;
        _ready = false;
        _status = null;
    }

    public void Running(DateTimeOffset now)
    {
        State = RunState.Running;
        StartedAt = now;
        ReadinessSuccesses = ReadinessFailures = LivenessFailures = 0;
        _status = null;
    }

    public void Terminated(DateTimeOffset now, int exitCode)
    {
        State = RunState.Terminated;
        FinishedAt = now;
        ExitCode = exitCode;
        ExitAt = null;
        _ready = false;
        ProbesStop();
        LastTermination = TerminatedState(now);
        _status = null;
    }

    public void ProbesStop() => _readyAt = _nextReadinessProbe = _nextLivenessProbe = 0;

    private void Changed<T>(ref T field, T value)
    {
        if (!EqualityComparer<T>.Default.Equals(field, value))
        {
            field = value;
            _status = null;
        }
    }

    private ContainerStatus Build()
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
            ContainerID = created ? ContainerId : null,
            State = state,

            // While restarting, the previous run is the last state; once terminated, the run before it.
            LastState = State == RunState.Terminated ? PreviousTermination : LastTermination is null ? NoState : new ContainerState { Terminated = LastTermination },
            Ready = _ready,
            RestartCount = _restartCount,
            Started = State == RunState.Running,
        };
    }

    private ContainerState PreviousTermination { get; set; } = NoState;

    /// <summary>The runtime's ID of the current run: one per pod, container and restart.</summary>
    private string ContainerId
    {
        get
        {
            if (_containerIdRestart != _restartCount)
            {
                _containerIdRestart = _restartCount;
                _containerId = $"containerd://{Hash($"{podUid}/{Spec.Name}/{_restartCount}")}";
            }

            return _containerId!;
        }
    }

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

    private static long Earliest(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    private static string ImageId(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return "";
        }

        if (ImageIds.TryGetValue(image, out var id))
        {
            return id;
        }

        id = $"docker.io/library/{image}@sha256:{Hash(image)}";
        if (ImageIds.Count < ImageIdCacheLimit)
        {
            ImageIds.TryAdd(image, id);
        }

        return id;
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
