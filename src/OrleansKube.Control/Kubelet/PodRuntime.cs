using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Control.Kubelet;

/// <summary>
/// One pod as its kubelet runs it, on the simulation clock: containers created after the start delay, init
/// containers in order, then the main containers (postStart, readiness and liveness probes), exits decided by
/// the workload's behaviour, restarts by <c>restartPolicy</c> with the crash-loop back-off, and graceful
/// termination (preStop, SIGTERM, the grace period, SIGKILL). Deterministic: <see cref="Advance"/> processes
/// every transition due by a time, each at its own instant; the node's single timer asks for <see cref="NextDue"/>.
/// The status is rebuilt once per instant at which something changed (not per transition, nor per look), and only
/// what changed is new: unchanged container statuses and conditions are the instances the previous status holds.
/// </summary>
public sealed partial class PodRuntime
{
    private const int KilledExitCode = 137;
    private const string EvictedReason = "Evicted";
    private const string DeadlineExceededReason = "DeadlineExceeded";
    private const string DeadlineExceededMessage = "Pod was active on the node longer than the specified deadline";

    // A container that cannot be configured is tried again at the pod worker's next sync (upstream's backOffPeriod); a
    // volume that cannot be mounted, on the volume manager's exponential back-off (500 ms doubling up to 2m2s).
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MountRetryInitial = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MountRetryMaximum = TimeSpan.FromSeconds(122);

    private readonly WorkloadBehaviour _behaviour;
    private readonly ContainerRun[] _inits;
    private readonly ContainerRun[] _containers;
    private readonly ContainerRun[] _all;
    private List<KubeletEvent>? _events;
    private readonly RestartPolicy _restartPolicy;
    private DateTimeOffset _sandboxReadyAt;
    private readonly bool _readsConfig;
    private ConfigObjects? _config;
    private long _mountRetry; // the volume back-off's current delay (ticks; 0: no failed mount yet)
    private bool _sandboxReady;
    private int _initsDone;
    private bool _initFailed;
    private bool _terminating;
    private readonly long _memoryRequest;
    private HashSet<string>? _announced;
    private PodStatus _status;
    private string? _failedReason; // the kubelet failed the pod: Evicted, DeadlineExceeded
    private long _nextDue; // CompactTime ticks

    public PodRuntime(Pod pod, WorkloadBehaviour behaviour, DateTimeOffset acceptedAt, string hostIP, string podIP, IReadOnlyList<ImagePull>? pulls = null)
    {
        Pod = pod;
        _behaviour = behaviour;
        Pulls = pulls ?? [];
        _restartPolicy = pod.Spec.RestartPolicy ?? RestartPolicy.Always;
        var uid = pod.Metadata.Uid;
        var inits = pod.Spec.InitContainers ?? [];
        _all = new ContainerRun[inits.Count + pod.Spec.Containers.Count];
        for (var i = 0; i < _all.Length; i++)
        {
            _all[i] = i < inits.Count ? new ContainerRun(inits[i], isInit: true, uid) : new ContainerRun(pod.Spec.Containers[i - inits.Count], isInit: false, uid);
        }

        _inits = _all[..inits.Count];
        _containers = inits.Count == 0 ? _all : _all[inits.Count..];

        // Images the node lacks are pulled one after another before the containers are created.
        var pulling = TimeSpan.Zero;
        foreach (var pull in Pulls)
        {
            pulling += pull.Duration;
            Record(KubeletEvent.Normal("Pulling", $"Pulling image \"{pull.Image}\""));
        }

        _sandboxReadyAt = acceptedAt + behaviour.StartDelay + pulling;
        _readsConfig = ConfigReferences.Any(pod.Spec);

        _memoryRequest = Scheduling.Framework.Resource.ForPod(pod.Spec).Memory;
        foreach (var container in _containers)
        {
            container.Waiting(_inits.Length == 0 ? "ContainerCreating" : "PodInitializing");
        }

        foreach (var init in _inits)
        {
            init.Waiting("PodInitializing");
        }

        _status = new PodStatus
        {
            Phase = PodPhase.Pending,
            QosClass = pod.Status?.QosClass,
            HostIP = hostIP,
            PodIP = podIP,
            PodIPs = [new PodIP { Ip = podIP }],
            StartTime = acceptedAt,
            Conditions = Find(pod.Status?.Conditions, "PodScheduled") is { } scheduled ? [scheduled] : [],
        };

        // Built when first looked at: a pod whose containers start at once is reported Running, never as created.
        ChangedAt = acceptedAt;
        _nextDue = CompactTime.Of(ComputeNextDue());
    }

    /// <summary>The images this pod's admission pulls (the node caches them once pulled).</summary>
    public IReadOnlyList<ImagePull> Pulls { get; }

    /// <summary>The pulls are done and the containers created: the pulled images are on the node.</summary>
    public bool Pulled => _sandboxReady;

    /// <summary>The pod as admitted (spec and metadata; its status is <see cref="Status"/>).</summary>
    public Pod Pod { get; }

    public PodStatus Status
    {
        get
        {
            Flush();
            return _status;
        }
    }

    /// <summary>Succeeded or Failed: no container will run again.</summary>
    public bool IsTerminal => Status.Phase is PodPhase.Succeeded or PodPhase.Failed;

    /// <summary>The memory the pod uses now (bytes): its workload's usage (or its request) while a container runs.</summary>
    public long MemoryUsage => AnyRunning ? _behaviour.MemoryUsage ?? _memoryRequest : 0;

    /// <summary>Evicted by the kubelet: no container runs again.</summary>
    public bool IsEvicted => _failedReason == EvictedReason;

    /// <summary>Being deleted: graceful termination has begun.</summary>
    public bool IsTerminating => _terminating;

    /// <summary>Being deleted and every container has stopped: the pod can go.</summary>
    public bool IsFinished => _terminating && !AnyRunning;

    /// <summary>The earliest instant something is due (null: nothing will happen by itself).</summary>
    public DateTimeOffset? NextDue => CompactTime.At(_nextDue);

    /// <summary>
    /// True when the pod names ConfigMaps or Secrets and a step due by <paramref name="now"/> may mount its volumes or
    /// create a container: the kubelet reads the objects first and hands them over with <see cref="UseConfig"/>.
    /// </summary>
    public bool WantsConfig(DateTimeOffset now)
    {
        if (!_readsConfig || _terminating || _failedReason is not null)
        {
            return false;
        }

        if (!_sandboxReady)
        {
            return _sandboxReadyAt <= now;
        }

        foreach (var container in _all)
        {
            // A restart, an exit (a restart or the next init container may follow at once) or a liveness kill.
            if (container.RestartAt <= now || container.ExitAt <= now || (_behaviour.LivenessFailsAfter is not null && container.NextLivenessProbe <= now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ConfigMaps and Secrets as the kubelet last read them; volumes and containers are checked against them.</summary>
    public void UseConfig(ConfigObjects objects) => _config = objects;

    private bool AnyRunning
    {
        get
        {
            foreach (var container in _all)
            {
                if (container.State == RunState.Running)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Processes every transition due by <paramref name="now"/>; true when the status changed.</summary>
    public bool Advance(DateTimeOffset now)
    {
        var before = _status;
        while (NextDue is { } due && due <= now)
        {
            ChangingAt(due);
            Step(due);
            _nextDue = CompactTime.Of(ComputeNextDue());
        }

        Flush();
        return !ReferenceEquals(before, _status);
    }

    /// <summary>
    /// Starts graceful termination at <paramref name="now"/>: each running container runs its preStop hook (if
    /// it declares one), gets SIGTERM and exits when the workload is done stopping, or is killed when
    /// <paramref name="gracePeriod"/> runs out. Containers that are not running just stop.
    /// </summary>
    public void Terminate(DateTimeOffset now, TimeSpan gracePeriod)
    {
        if (_terminating)
        {
            return;
        }

        ChangingAt(now);
        _terminating = true;
        _sandboxReady = true;
        if (_failedReason is null)
        {
            // A pod the kubelet failed (evicted, past its deadline) is already stopping its containers.
            StopContainers(now, gracePeriod);
        }

        _nextDue = CompactTime.Of(ComputeNextDue());
        Flush();
    }

    /// <summary>
    /// Node-pressure eviction: the pod is Failed at once with reason <c>Evicted</c>, the eviction manager's message and a
    /// DisruptionTarget condition (TerminationByKubelet), its containers still shown as they run; they are stopped within
    /// <see cref="EvictionGracePeriod"/> and their terminated states follow in a later report, as upstream's kubelet syncs
    /// them (so kubectl's STATUS turns from <c>Evicted</c> to the last container's reason, <c>Completed</c> or <c>Error</c>).
    /// </summary>
    public void Evict(DateTimeOffset now, string message) =>
        Kill(now, EvictedReason, message, KubeletEvent.Warning(EvictedReason, message), disruption: true, EvictionGracePeriod);

    /// <summary>
    /// The grace an evicted pod's containers get: the eviction manager's immediate grace (1 s), raised to the container
    /// runtime's minimum of 2 s, as upstream's kubelet does.
    /// </summary>
    public static readonly TimeSpan EvictionGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Fails the pod with <paramref name="reason"/> and <paramref name="message"/> (the kubelet's eviction manager, or its
    /// active-deadline handler), recording <paramref name="recorded"/>, and stops its containers as a deletion does (preStop,
    /// SIGTERM, SIGKILL after <paramref name="gracePeriod"/>) but for good: none restarts.
    /// </summary>
    private void Kill(DateTimeOffset now, string reason, string message, KubeletEvent recorded, bool disruption, TimeSpan gracePeriod)
    {
        if (IsTerminal || _failedReason is not null)
        {
            return;
        }

        ChangingAt(now);
        _failedReason = reason;
        _sandboxReady = true;
        Record(recorded);
        StopContainers(now, gracePeriod);
        _nextDue = CompactTime.Of(ComputeNextDue());
        Flush();
        _status = _status with
        {
            Reason = reason,
            Message = message,
            Conditions = disruption ? [.. _status.Conditions!, KubeletStatus.Condition("DisruptionTarget", ConditionStatus.True, now, "TerminationByKubelet", message)] : _status.Conditions,
        };
    }

    /// <summary>
    /// Each running container runs its preStop hook (if it declares one), gets SIGTERM and exits when the workload is done
    /// stopping (code 0), or is killed when <paramref name="gracePeriod"/> runs out (137); containers not running just stop.
    /// </summary>
    private void StopContainers(DateTimeOffset now, TimeSpan gracePeriod)
    {
        foreach (var container in _all)
        {
            container.RestartAt = null;
            container.ProbesStop();
            if (container.State != RunState.Running)
            {
                continue;
            }

            Record(KubeletEvent.Normal("Killing", $"Stopping container {container.Spec.Name}"));
            var stopping = (container.Spec.Lifecycle?.PreStop is not null ? _behaviour.PreStop : TimeSpan.Zero) + _behaviour.StopTakes;
            container.ExitAt = now + (stopping <= gracePeriod ? stopping : gracePeriod);
            container.ExitCode = stopping <= gracePeriod ? 0 : KilledExitCode;
        }
    }

    /// <summary>The events recorded since the last call (reason, message, type), oldest first.</summary>
    public IReadOnlyList<KubeletEvent> TakeEvents()
    {
        var taken = _events;
        _events = null;
        return taken ?? [];
    }

    private void Record(KubeletEvent recorded) => (_events ??= []).Add(recorded);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// When the pod's <c>activeDeadlineSeconds</c> runs out, counted from its start on the node (null: none, or the pod is
    /// already done, failed or stopping): the kubelet's active-deadline handler then fails it.
    /// </summary>
    private DateTimeOffset? DeadlineAt =>
        Pod.Spec.ActiveDeadlineSeconds is { } seconds && _status.StartTime is { } start && _failedReason is null && !_terminating
        && _status.Phase is not (PodPhase.Succeeded or PodPhase.Failed)
            ? start + TimeSpan.FromSeconds(seconds)
            : null;

    private DateTimeOffset? ComputeNextDue()
    {
        DateTimeOffset? next = Earliest(_sandboxReady ? null : _sandboxReadyAt, DeadlineAt);
        foreach (var container in _all)
        {
            next = Earliest(next, container.NextDue);
        }

        return next;
    }

    private void Step(DateTimeOffset now)
    {
        if (DeadlineAt is { } deadline && deadline <= now)
        {
            Kill(now, DeadlineExceededReason, DeadlineExceededMessage, KubeletEvent.Normal(DeadlineExceededReason, DeadlineExceededMessage), disruption: false, PodGracePeriod);
            return;
        }

        if (!_sandboxReady && _sandboxReadyAt <= now)
        {
            if (_config is { } config && ConfigReferences.MountFailures(Pod.Spec, config) is { Count: > 0 } failures)
            {
                foreach (var failure in failures)
                {
                    Record(KubeletEvent.Warning("FailedMount", failure));
                }

                _mountRetry = _mountRetry == 0 ? MountRetryInitial.Ticks : Math.Min(_mountRetry * 2, MountRetryMaximum.Ticks);
                _sandboxReadyAt = now + TimeSpan.FromTicks(_mountRetry);
                return;
            }

            _sandboxReady = true;
            if (_inits.Length > 0)
            {
                Start(_inits[0], now);
            }
            else
            {
                StartMainContainers(now);
            }

            return;
        }

        foreach (var container in _all)
        {
            if (container.RestartAt is { } restartAt && restartAt <= now)
            {
                container.RestartAt = null;
                Start(container, now);
            }

            if (container.ExitAt is { } exitAt && exitAt <= now)
            {
                Exit(container, now);
            }

            if (container.ReadyAt is { } readyAt && readyAt <= now)
            {
                container.ReadyAt = null;
                container.Ready = true;
            }

            if (container.NextReadinessProbe is { } readiness && readiness <= now)
            {
                ProbeReadiness(container, now);
            }

            if (container.NextLivenessProbe is { } liveness && liveness <= now)
            {
                ProbeLiveness(container, now);
            }
        }
    }

    private void StartMainContainers(DateTimeOffset now)
    {
        foreach (var container in _containers)
        {
            Start(container, now);
        }
    }

    private void Start(ContainerRun container, DateTimeOffset now)
    {
        var spec = container.Spec;
        if (_config is { } config && ConfigReferences.ContainerConfigError(spec, Pod.Metadata.Namespace ?? "", config) is { } error)
        {
            // Not created: waiting until the next sync finds what it names (a restart still waits its back-off first).
            container.Waiting("CreateContainerConfigError", error);
            container.RestartAt = now + ConfigRetry;
            Record(KubeletEvent.Warning("Failed", $"Error: {error}"));
            return;
        }

        // Any run after the first is a restart: counted, and the back-off armed (or doubled) from the exit it follows.
        if (container.FinishedAt is { } finishedAt)
        {
            container.Backoff.Restarted(finishedAt);
            container.RestartCount++;
        }

        if (PullOf(spec.Image) is { } pull && (_announced ??= new(StringComparer.Ordinal)).Add(pull.Image))
        {
            var seconds = pull.Duration.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            Record(KubeletEvent.Normal("Pulled", $"Successfully pulled image \"{spec.Image}\" in {seconds}s ({seconds}s including waiting). Image size: {pull.Size} bytes."));
        }
        else
        {
            Record(KubeletEvent.Normal("Pulled", $"Container image \"{spec.Image}\" already present on machine"));
        }

        Record(KubeletEvent.Normal("Created", $"Created container: {spec.Name}"));
        Record(KubeletEvent.Normal("Started", $"Started container {spec.Name}"));
        container.Running(now);
        if (container.IsInit)
        {
            container.ExitAt = now + _behaviour.InitRunFor;
            container.ExitCode = _behaviour.InitExitCode;
            return;
        }

        if (_behaviour.RunFor is { } runFor)
        {
            container.ExitAt = now + runFor;
            container.ExitCode = _behaviour.ExitCode;
        }

        // Probes and readiness wait for a declared postStart hook to finish.
        var hooked = now + (spec.Lifecycle?.PostStart is not null ? _behaviour.PostStart : TimeSpan.Zero);
        if (spec.ReadinessProbe is { } readiness)
        {
            container.NextReadinessProbe = Later(hooked, now + Seconds(readiness.InitialDelaySeconds, 0));
        }
        else
        {
            container.ReadyAt = hooked;
        }

        if (spec.LivenessProbe is { } liveness)
        {
            container.NextLivenessProbe = Later(hooked, now + Seconds(liveness.InitialDelaySeconds, 0));
        }
    }

    private void Exit(ContainerRun container, DateTimeOffset now)
    {
        container.Terminated(now, container.ExitCode ?? 0);
        if (_terminating || _failedReason is not null)
        {
            return;
        }

        if (container.IsInit)
        {
            if (container.ExitCode == 0)
            {
                _initsDone++;
                if (_initsDone < _inits.Length)
                {
                    Start(_inits[_initsDone], now);
                }
                else
                {
                    StartMainContainers(now);
                }

                return;
            }

            // A failed init container is retried unless the pod never restarts, which fails the pod.
            if (_restartPolicy == RestartPolicy.Never)
            {
                _initFailed = true;
                return;
            }
        }
        else if (_restartPolicy == RestartPolicy.Never || (_restartPolicy == RestartPolicy.OnFailure && container.ExitCode == 0))
        {
            return;
        }

        ScheduleRestart(container, now);
    }

    private void ScheduleRestart(ContainerRun container, DateTimeOffset finishedAt)
    {
        var wait = container.Backoff.WaitAfter(finishedAt);
        if (wait == TimeSpan.Zero)
        {
            Start(container, finishedAt);
            return;
        }

        var spec = container.Spec;
        container.Waiting("CrashLoopBackOff", $"back-off {FormatDuration(wait)} restarting failed container={spec.Name} pod={PodDisplay}");
        container.RestartAt = finishedAt + wait;
        Record(KubeletEvent.Warning("BackOff", $"Back-off restarting failed container {spec.Name} in pod {PodDisplay}"));
    }

    private void ProbeReadiness(ContainerRun container, DateTimeOffset now)
    {
        var probe = container.Spec.ReadinessProbe!;
        container.NextReadinessProbe = now + Seconds(probe.PeriodSeconds, 10);
        if (now - container.StartedAt >= _behaviour.ReadyAfter)
        {
            container.ReadinessFailures = 0;
            if (++container.ReadinessSuccesses >= Math.Max(1, probe.SuccessThreshold ?? 1))
            {
                container.Ready = true;
            }

            return;
        }

        container.ReadinessSuccesses = 0;
        if (++container.ReadinessFailures == 1)
        {
            Record(KubeletEvent.Warning("Unhealthy", $"Readiness probe failed: {ProbeFailure(probe)}"));
        }

        if (container.ReadinessFailures >= Math.Max(1, probe.FailureThreshold ?? 3))
        {
            container.Ready = false;
        }
    }

    private void ProbeLiveness(ContainerRun container, DateTimeOffset now)
    {
        var probe = container.Spec.LivenessProbe!;
        container.NextLivenessProbe = now + Seconds(probe.PeriodSeconds, 10);
        if (_behaviour.LivenessFailsAfter is not { } failsAfter || now - container.StartedAt < failsAfter)
        {
            container.LivenessFailures = 0;
            return;
        }

        Record(KubeletEvent.Warning("Unhealthy", $"Liveness probe failed: {ProbeFailure(probe)}"));
        if (++container.LivenessFailures < Math.Max(1, probe.FailureThreshold ?? 3))
        {
            return;
        }

        // Killed and restarted as restartPolicy says (137 is a failure, so OnFailure restarts too).
        Record(KubeletEvent.Normal("Killing", $"Container {container.Spec.Name} failed liveness probe, will be restarted"));
        container.ExitCode = KilledExitCode;
        Exit(container, now);
    }

    private string ProbeFailure(Probe probe) => probe switch
    {
        { HttpGet: not null } => "HTTP probe failed with statuscode: 503",
        { TcpSocket: { } tcp } => $"dial tcp {_status.PodIP}:{tcp.Port}: connect: connection refused",
        { Grpc: { } grpc } => $"timeout: failed to connect service \":{grpc.Port}\" within 1s",
        _ => "command exited with 1",
    };

    /// <summary>The pod's <c>terminationGracePeriodSeconds</c> (upstream's default 30 s).</summary>
    private TimeSpan PodGracePeriod => TimeSpan.FromSeconds(Pod.Spec.TerminationGracePeriodSeconds ?? 30);

    private static TimeSpan Seconds(int? seconds, int fallback) => TimeSpan.FromSeconds(seconds is > 0 ? seconds.Value : fallback);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Go's duration text as the kubelet prints it: <c>10s</c>, <c>2m40s</c>, <c>5m0s</c>.</summary>
    private static string FormatDuration(TimeSpan d) =>
        d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds}s" : $"{(int)d.TotalSeconds}s";

    private ImagePull? PullOf(string? image)
    {
        foreach (var pull in Pulls)
        {
            if (pull.Image == image)
            {
                return pull;
            }
        }

        return null;
    }

    private string PodDisplay => $"{Pod.Metadata.Name}_{Pod.Metadata.Namespace}({Pod.Metadata.Uid})";
}
