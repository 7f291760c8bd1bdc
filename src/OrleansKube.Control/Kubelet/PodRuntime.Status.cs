using System.Runtime.InteropServices;

namespace OrleansKube.Control.Kubelet;

/// <summary>
/// The pod's status as its kubelet reports it: rebuilt once per instant at which something changed, holding the
/// previous status's container statuses and conditions where they did not change.
/// </summary>
public sealed partial class PodRuntime
{
    private static readonly string[] KubeletConditions = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"];

    // Something changed at this instant and the status has not been rebuilt since (null: it is current).
    private long _changedAt; // CompactTime ticks

    private DateTimeOffset? ChangedAt
    {
        get => CompactTime.At(_changedAt);
        set => _changedAt = CompactTime.Of(value);
    }

    // The conditions' messages, built when what they list changes.
    private string? _initMessage;
    private int _initMessageFor = -1;
    private string? _unreadyMessage;
    private ulong _unreadyMessageFor;

    /// <summary>Something changes at <paramref name="now"/>: a change at an earlier instant is built into the status first (its conditions' transition times are its own).</summary>
    private void ChangingAt(DateTimeOffset now)
    {
        if (ChangedAt is { } earlier && earlier < now)
        {
            Refresh(earlier);
        }

        ChangedAt = now;
    }

    private void Flush()
    {
        if (ChangedAt is { } at)
        {
            Refresh(at);
        }
    }

    /// <summary>
    /// Recomputes the status (phase, conditions, container statuses) as the kubelet reports it at <paramref name="now"/>;
    /// a new object only when something shows a change, holding the unchanged parts of the previous one.
    /// </summary>
    private void Refresh(DateTimeOffset now)
    {
        _changedAt = 0;
        var previous = _status;
        var phase = Phase();
        var initStatuses = _inits.Length == 0 ? null : Statuses(_inits, previous.InitContainerStatuses);
        var containerStatuses = Statuses(_containers, previous.ContainerStatuses);
        var terminal = phase is PodPhase.Succeeded or PodPhase.Failed;
        var initialized = _initsDone == _inits.Length;
        var unready = UnreadyMessage();
        Span<PodCondition?> wanted =
        [
            Want(previous, "PodReadyToStartContainers", _sandboxReady && !terminal ? ConditionStatus.True : ConditionStatus.False, null, null, now),
            initialized ? Want(previous, "Initialized", ConditionStatus.True, null, null, now)
                : Want(previous, "Initialized", ConditionStatus.False, "ContainersNotInitialized", InitMessage(), now),
            terminal ? Want(previous, "Ready", ConditionStatus.False, "PodCompleted", null, now)
                : unready is null ? Want(previous, "Ready", ConditionStatus.True, null, null, now)
                : Want(previous, "Ready", ConditionStatus.False, "ContainersNotReady", unready, now),
            terminal ? Want(previous, "ContainersReady", ConditionStatus.False, "PodCompleted", null, now)
                : unready is null ? Want(previous, "ContainersReady", ConditionStatus.True, null, null, now)
                : Want(previous, "ContainersReady", ConditionStatus.False, "ContainersNotReady", unready, now),
        ];

        // Want gives null for a condition the previous status already holds as it is.
        var conditionsChanged = false;
        foreach (var condition in wanted)
        {
            conditionsChanged |= condition is not null;
        }

        if (!conditionsChanged && phase == previous.Phase
            && ReferenceEquals(initStatuses, previous.InitContainerStatuses) && ReferenceEquals(containerStatuses, previous.ContainerStatuses))
        {
            return;
        }

        var conditions = previous.Conditions!;
        if (conditionsChanged)
        {
            // The kubelet's four first, then the others' conditions (PodScheduled, DisruptionTarget) as they were.
            conditions = new List<PodCondition>(conditions.Count + KubeletConditions.Length);
            for (var i = 0; i < wanted.Length; i++)
            {
                conditions.Add(wanted[i] ?? Find(previous.Conditions!, KubeletConditions[i])!);
            }

            foreach (var other in CollectionsMarshal.AsSpan(previous.Conditions))
            {
                if (Array.IndexOf(KubeletConditions, other.Type) < 0)
                {
                    conditions.Add(other);
                }
            }
        }

        _status = previous with { Phase = phase, Conditions = conditions, InitContainerStatuses = initStatuses, ContainerStatuses = containerStatuses };
    }

    /// <summary>
    /// The condition of <paramref name="type"/> to report, or null when the previous status holds it already. A condition
    /// keeps its transition time while its status and reason stay the same.
    /// </summary>
    private static PodCondition? Want(PodStatus previous, string type, ConditionStatus status, string? reason, string? message, DateTimeOffset now)
    {
        if (Find(previous.Conditions!, type) is not { } held || held.Status != status || held.Reason != reason)
        {
            return KubeletStatus.Condition(type, status, now, reason, message);
        }

        return held.Message == message ? null : held with { Message = message };
    }

    private static PodCondition? Find(List<PodCondition>? conditions, string type)
    {
        foreach (var condition in CollectionsMarshal.AsSpan(conditions))
        {
            if (condition.Type == type)
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>The containers' statuses: the previous list when every one is the instance it holds.</summary>
    private static List<ContainerStatus> Statuses(ContainerRun[] runs, List<ContainerStatus>? previous)
    {
        if (previous is not null && previous.Count == runs.Length)
        {
            var same = true;
            for (var i = 0; i < runs.Length && same; i++)
            {
                same = ReferenceEquals(runs[i].Status, previous[i]);
            }

            if (same)
            {
                return previous;
            }
        }

        var statuses = new List<ContainerStatus>(runs.Length);
        foreach (var run in runs)
        {
            statuses.Add(run.Status);
        }

        return statuses;
    }

    private string InitMessage()
    {
        if (_initMessageFor != _initsDone)
        {
            _initMessageFor = _initsDone;
            _initMessage = $"containers with incomplete status: [{string.Join(" ", _inits.Skip(_initsDone).Select(c => c.Spec.Name))}]";
        }

        return _initMessage!;
    }

    /// <summary>The Ready conditions' message naming the unready containers (null: all are ready); built when that set changes.</summary>
    private string? UnreadyMessage()
    {
        ulong unready = 0;
        var any = false;
        for (var i = 0; i < _containers.Length; i++)
        {
            if (!_containers[i].Ready)
            {
                any = true;
                unready |= i < 64 ? 1UL << i : 0;
            }
        }

        if (!any)
        {
            return null;
        }

        // More than 64 containers cannot be told apart by the mask: their message is built each time.
        if (_unreadyMessage is null || unready != _unreadyMessageFor || _containers.Length > 64)
        {
            _unreadyMessageFor = unready;
            _unreadyMessage = $"containers with unready status: [{string.Join(" ", _containers.Where(c => !c.Ready).Select(c => c.Spec.Name))}]";
        }

        return _unreadyMessage;
    }

    /// <summary>Upstream's phase: Pending until initialised and every container has run; then by what runs and what restarts.</summary>
    private PodPhase Phase()
    {
        if (_initFailed || _failedReason is not null)
        {
            return PodPhase.Failed;
        }

        if (_initsDone < _inits.Length)
        {
            return PodPhase.Pending;
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var container in _containers)
        {
            switch (container.State)
            {
                case RunState.Running:
                    running++;
                    break;
                case RunState.Terminated:
                    stopped++;
                    succeeded += container.ExitCode == 0 ? 1 : 0;
                    break;
                default:
                    if (container.LastTermination is not null)
                    {
                        stopped++;
                    }
                    else
                    {
                        waiting++;
                    }

                    break;
            }
        }

        if (waiting > 0)
        {
            return PodPhase.Pending;
        }

        if (running > 0)
        {
            return PodPhase.Running;
        }

        // Everything has stopped: it runs on only if something will restart.
        if (!_terminating && (_restartPolicy == RestartPolicy.Always || (_restartPolicy == RestartPolicy.OnFailure && stopped > succeeded)))
        {
            return PodPhase.Running;
        }

        return stopped == succeeded ? PodPhase.Succeeded : PodPhase.Failed;
    }
}
