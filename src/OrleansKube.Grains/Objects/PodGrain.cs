using System.Runtime.InteropServices;
using System.Diagnostics;
using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Nodes;
using OrleansKube.Control.Scheduling;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Scheduling;
using OrleansKube.Manifests.Defaulting;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// A Pod: on create it goes to its scheduler (or straight to its node when spec.nodeName is set, as upstream);
/// binding sets its node; its kubelet reports status back here one-way.
/// </summary>
// A pod starts on its creator's silo (its controller's, which Orleans places by load): not where the load is lowest at
// that instant, which with several silos sent most new pods away from the silo holding the watch caches, and their every
// write across (scale-out efficiency by CPU 0.42–0.62 before, 0.62–0.68 after; ARCHITECTURE, "Silos across hosts").
[Orleans.Placement.PreferLocalPlacement]
public sealed class PodGrain(SimulationClock clock, SchedulerDirectory schedulers, ShardSlots slots) : ObjectGrainBase(clock.Time), IPodGrain
{
    private (long Incarnation, long Sequence) _lastReport;
    private bool _startupRecorded;

    /// <summary>When this activation created the pod, to the tick: the stored creationTimestamp has whole seconds, as upstream's.</summary>
    private DateTimeOffset? _createdAt;

    /// <summary>The pod's life as a trace (sampled pods only), with when it was bound and first Running.</summary>
    private Activity? _life;
    private DateTimeOffset _boundAt;
    private DateTimeOffset? _runningAt;

    private Pod? Pod => (Pod?)Current;

    public async Task<PodBinding> BindAsync(string nodeName, string schedulerName)
    {
        var pod = Pod ?? throw await NotFoundAsync();
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            throw new ApiException(ApiErrorReason.Conflict, $"pod {Key.Name} is already assigned to node \"{pod.Spec.NodeName}\"");
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            throw new ApiException(ApiErrorReason.Conflict, $"pod {Key.Name} is being deleted, cannot be assigned to a host");
        }

        var node = ObjectGrains.Node(GrainFactory, nodeName);
        var status = KubeletStatus.WithCondition(pod.Status, KubeletStatus.Condition("PodScheduled", ConditionStatus.True, Now));
        var bound = ObjectLifecycle.Touch(pod with
        {
            Spec = pod.Spec with { NodeName = nodeName },
            Status = status with { NominatedNodeName = null },
        });
        bound = (Pod)await StoreAsync(bound);
        await RecordEventAsync(bound, "Normal", "Scheduled", $"Successfully assigned {Key.DisplayName} to {nodeName}", schedulerName);
        _boundAt = Time.GetUtcNow();
        KubeTracing.Stage(_life, "schedule", _createdAt ?? _boundAt, _boundAt, nodeName);
        KubeTracing.Enter(_life);
        await node.RunPodAsync(bound.AsImmutable());
        return new PodBinding(bound, _boundAt);
    }

    public async Task MarkUnschedulableAsync(string message, string? nominatedNodeName)
    {
        if (Pod is not { } pod || !string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            LeaveIfGone();
            return;
        }

        var previous = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var nominated = nominatedNodeName ?? pod.Status?.NominatedNodeName;
        if (previous is { Status: ConditionStatus.False } && previous.Message == message && pod.Status?.NominatedNodeName == nominated)
        {
            return; // the same verdict again: nothing changed
        }

        var status = KubeletStatus.WithCondition(pod.Status, KubeletStatus.Condition("PodScheduled", ConditionStatus.False, Now, "Unschedulable", message));
        var updated = ObjectLifecycle.Touch(pod with { Status = status with { NominatedNodeName = nominated } });
        updated = (Pod)await StoreAsync(updated);
        await RecordEventAsync(updated, "Warning", "FailedScheduling", message, pod.Spec.SchedulerName ?? "default-scheduler");
    }

    public async Task MarkNotReadyAsync()
    {
        if (Pod is not { } pod || NodeLifecycle.MarkPodNotReady(pod, Now) is not { } notReady)
        {
            LeaveIfGone();
            return; // gone, or not ready already
        }

        var marked = (Pod)await StoreAsync(ObjectLifecycle.Touch(notReady));
        await RecordEventAsync(marked, "Warning", "NodeNotReady", "Node is not ready", "node-controller");
    }

    public async Task PreemptAsync(string preemptorUid, string nodeName, string schedulerName)
    {
        if (Pod is not { } pod)
        {
            return; // already gone: nothing to preempt
        }

        // Victims get their grace period, as upstream: the room is free once the kubelet has stopped them.
        await DisruptAsync(pod, "PreemptionByScheduler", $"{schedulerName}: preempting to accommodate a higher priority pod",
            "Preempted", $"Preempted by pod {preemptorUid} on node {nodeName}", schedulerName);
    }

    public async Task EvictAsync(long? gracePeriodSeconds)
    {
        var pod = Pod ?? throw new ApiException(ApiError.NotFound(Kinds.Pod, Key.Name));
        if (pod.Metadata.DeletionTimestamp is null)
        {
            await DisruptAsync(pod, "EvictionByEvictionAPI", "Eviction API: evicting", null, null, "eviction", gracePeriodSeconds);
        }
    }

    public async Task EvictByTaintAsync()
    {
        if (Pod is { Metadata.DeletionTimestamp: null } pod)
        {
            await DisruptAsync(pod, TaintEviction.Reason, TaintEviction.Message, "TaintManagerEviction", $"Marking for deletion Pod {Key.Namespace}/{Key.Name}", "taint-eviction-controller");
        }

        LeaveIfGone();
    }

    public override Task<KubeObject> DeleteAsync() => TerminateAsync(null);

    /// <summary>A disruption by the control plane: the DisruptionTarget condition saying why, an event, then graceful deletion.</summary>
    private async Task DisruptAsync(Pod pod, string reason, string message, string? eventReason, string? eventMessage, string component, long? gracePeriodSeconds = null)
    {
        var condition = KubeletStatus.Condition("DisruptionTarget", ConditionStatus.True, Now, reason, message);
        var marked = ObjectLifecycle.Touch(pod with { Status = KubeletStatus.WithCondition(pod.Status, condition) });
        marked = (Pod)await StoreAsync(marked);
        if (eventReason is not null)
        {
            await RecordEventAsync(marked, "Normal", eventReason, eventMessage!, component);
        }

        await TerminateAsync(gracePeriodSeconds);
    }

    public async Task<KubeObject> TerminateAsync(long? gracePeriodSeconds)
    {
        if (Pod is not { } pod)
        {
            var gone = await NotFoundAsync();
            LeaveIfGone(); // a second deletion (a controller's and the garbage collector's) of a pod already gone
            throw gone;
        }

        var seconds = Math.Max(0, gracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? ObjectDefaults.DefaultTerminationGracePeriodSeconds);
        if (string.IsNullOrEmpty(pod.Spec.NodeName) || seconds == 0)
        {
            // No kubelet to wait for, or a forced deletion.
            return await RemoveAsync();
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Already terminating: asking again may only shorten the grace period, as upstream.
            if (seconds >= (pod.Metadata.DeletionGracePeriodSeconds ?? long.MaxValue))
            {
                return pod;
            }
        }

        var marked = ObjectLifecycle.Touch(pod with
        {
            Metadata = pod.Metadata with { DeletionTimestamp = Now, DeletionGracePeriodSeconds = seconds },
        });
        marked = (Pod)await StoreAsync(marked);
        // The grace period runs from the deletion, not from when the kubelet hears of it (the message is one-way).
        await ObjectGrains.Node(GrainFactory, pod.Spec.NodeName).TerminatePodAsync(Key.Namespace, Key.Name, seconds, Time.GetUtcNow());
        return marked;
    }

    public async Task TerminationFinishedAsync()
    {
        if (Pod is { Metadata.DeletionTimestamp: not null })
        {
            await RemoveAsync();
        }

        LeaveIfGone();
    }

    /// <summary>
    /// A one-way message about a pod that no longer exists (a kubelet's last report, overtaken by the deletion) woke this
    /// activation: it holds nothing, so it goes at once instead of waiting out Orleans' idle collection. Messages queued
    /// behind are about the same gone pod; those Orleans forwards more than twice it drops, which loses nothing.
    /// </summary>
    private void LeaveIfGone()
    {
        if (Pod is null)
        {
            DeactivateOnIdle();
        }
    }

    public async Task ReportStatusAsync(Immutable<PodStatus> status, long incarnation, long sequence)
    {
        if ((incarnation, sequence).CompareTo(_lastReport) <= 0)
        {
            return; // overtaken by a later report
        }

        _lastReport = (incarnation, sequence);
        LeaveIfGone();
        if (Pod is { } pod)
        {
            // The kubelet's status, with the conditions others own (DisruptionTarget, the readiness gates') kept, and its
            // Ready folding the gates in.
            var reported = status.Value;
            foreach (var condition in CollectionsMarshal.AsSpan(pod.Status?.Conditions))
            {
                if (reported.Conditions?.Any(c => c.Type == condition.Type) != true && (condition.Type == "DisruptionTarget" || ReadinessGates.IsGate(pod.Spec, condition.Type)))
                {
                    reported = KubeletStatus.WithCondition(reported, condition);
                }
            }

            reported = ReadinessGates.Apply(pod.Spec, reported, Time.GetUtcNow());

            if (reported.Phase == PodPhase.Running && !_startupRecorded && pod.Metadata.CreationTimestamp is { } created)
            {
                // Once per pod, from its creation on the simulation clock: to the tick when this activation created it,
                // else from the stored timestamp (whole seconds, as upstream stores it).
                _startupRecorded = true;
                Metrics.PodStartupLatency.Record((Time.GetUtcNow() - (_createdAt ?? created)).TotalSeconds);
                _runningAt = Time.GetUtcNow();
                KubeTracing.Stage(_life, "start", _boundAt, _runningAt.Value, pod.Spec.NodeName);
            }

            if (_life is not null && _runningAt is { } running && reported.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true)
            {
                KubeTracing.Stage(_life, "ready", running, Time.GetUtcNow(), pod.Spec.NodeName);
                KubeTracing.End(_life, Time.GetUtcNow());
                _life = null;
            }

            await StoreAsync(ObjectLifecycle.Touch(pod with { Status = reported with { NominatedNodeName = pod.Status?.NominatedNodeName } }));
        }
    }

    protected override async Task OnCreatedAsync(KubeObject obj)
    {
        _lastReport = default; // a new pod of a name used before: reports start again
        _startupRecorded = false;
        _createdAt = _boundAt = Time.GetUtcNow();
        _runningAt = null;
        KubeTracing.End(_life, _createdAt.Value, "replaced by a new pod of the same name");
        _life = KubeTracing.StartPodLife(Key.Namespace, Key.Name, _createdAt.Value);
        KubeTracing.Enter(_life);
        var pod = (Pod)obj;
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            // Already bound by its author: no scheduler involved, as upstream. A missing node leaves it Pending.
            await ObjectGrains.Node(GrainFactory, pod.Spec.NodeName).RunPodAsync(pod.AsImmutable());
        }
        else if (!SchedulingGates.IsGated(pod))
        {
            await EnqueueAsync(pod);
        }
    }

    protected override Task OnUpdatedAsync(KubeObject previous, KubeObject current) =>
        SchedulingGates.Opened((Pod)previous, (Pod)current) ? EnqueueAsync((Pod)current) : Task.CompletedTask;

    private async Task EnqueueAsync(Pod pod)
    {
        if (schedulers.IsServed(pod.Spec.SchedulerName))
        {
            // At a shard on this silo when the scheduler is sharded: its nodes' kubelets run here too (ShardSlots).
            var shard = slots.PodShard(pod.Spec.SchedulerName, PodInfo.KeyOf(Key.Namespace, Key.Name));
            await GrainFactory.Get<ISchedulerShardGrain>(shard.ToString()).EnqueueAsync(pod.AsImmutable(), null);
        }
    }

    protected override async Task OnDeletingAsync(KubeObject obj)
    {
        KubeTracing.End(_life, Time.GetUtcNow(), "deleted before it was ready");
        _life = null;
        var pod = (Pod)obj;
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            // The kubelet stops it and tells the schedulers' caches.
            await ObjectGrains.Node(GrainFactory, pod.Spec.NodeName).StopPodAsync(Key.Namespace, Key.Name);
        }
        else if (schedulers.IsServed(pod.Spec.SchedulerName))
        {
            // Still pending: it may wait in any shard of its scheduler.
            foreach (var shard in schedulers.AllShards(pod.Spec.SchedulerName))
            {
                await GrainFactory.Get<ISchedulerShardGrain>(shard.ToString()).PodDeletedAsync(PodInfo.KeyOf(Key.Namespace, Key.Name));
            }
        }
    }
}
