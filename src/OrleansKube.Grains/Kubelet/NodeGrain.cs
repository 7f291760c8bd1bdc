using Microsoft.Extensions.Options;
using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Grains.Scheduling;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Grains.Kubelet;

/// <summary>
/// A Node and its simulated kubelet: registers the node, admits pods bound to it and runs each through its
/// <see cref="PodRuntime"/> (containers, probes, restarts, graceful termination), reporting status and events
/// one-way. One timer per node, set to the earliest thing any of its pods has due, drives them all.
/// </summary>
public sealed class NodeGrain(TimeProvider time, IOptions<OrleansKubeOptions> options, SchedulerDirectory schedulers) : ObjectGrainBase(time), INodeGrain
{
    private readonly Dictionary<string, SimulatedPod> _pods = new(StringComparer.Ordinal);
    private readonly Resource _used = new();
    private GrainTimer? _timer;
    private int _index;
    private int _podSequence;

    private Node? Node => (Node?)Current;

    public async Task RunPodAsync(Immutable<Pod> pod)
    {
        var node = Node;
        var key = PodInfo.KeyOf(pod.Value.Metadata.Namespace!, pod.Value.Metadata.Name!);
        if (node is null || _pods.ContainsKey(key))
        {
            return;
        }

        var now = Now;
        var requests = Resource.ForPod(pod.Value.Spec);
        if (Admission.Check(requests, Resource.From(node.Status?.Allocatable), _used, _pods.Values.Count(p => !p.Released)) is { } rejection)
        {
            await PodGrain(pod.Value).ReportStatusAsync(KubeletStatus.Rejected(pod.Value, rejection.Reason, rejection.Message, now).AsImmutable());
            await RecordEventAsync(pod.Value, "Warning", rejection.Reason, rejection.Message, "kubelet", Key.Name);
            await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
            return;
        }

        var behaviour = WorkloadBehaviour.For(pod.Value.Metadata.Annotations, new WorkloadBehaviour { StartDelay = options.Value.PodStartDelay });
        var runtime = new PodRuntime(pod.Value, behaviour, Time.GetUtcNow(), KubeletRegistration.NodeIP(_index), KubeletRegistration.PodIP(_index, _podSequence++));
        _pods[key] = new SimulatedPod(runtime, requests);
        _used.Add(requests);
        await PodGrain(pod.Value).ReportStatusAsync(runtime.Status.AsImmutable());
        await ToSchedulersAsync(shard => shard.PodBoundAsync(Key.Name, pod), ledger => ledger.PodBoundAsync(Key.Name, pod));
        ScheduleTick();
    }

    public async Task StopPodAsync(string ns, string name)
    {
        if (_pods.Remove(PodInfo.KeyOf(ns, name), out var pod))
        {
            await ReleaseAsync(pod);
            ScheduleTick();
        }
    }

    public async Task TerminatePodAsync(string ns, string name, long gracePeriodSeconds)
    {
        if (!_pods.TryGetValue(PodInfo.KeyOf(ns, name), out var pod))
        {
            // Nothing runs here under that name: nothing to wait for.
            await ObjectGrains.Pod(GrainFactory, ns, name).TerminationFinishedAsync();
            return;
        }

        pod.Runtime.Terminate(Time.GetUtcNow(), TimeSpan.FromSeconds(gracePeriodSeconds));
        await ReportAsync(pod, statusChanged: true);
        ScheduleTick();
    }

    public async Task TickAsync()
    {
        var now = Time.GetUtcNow();
        foreach (var pod in _pods.Values)
        {
            if (pod.Runtime.NextDue is { } due && due <= now)
            {
                await ReportAsync(pod, pod.Runtime.Advance(now));
            }
        }

        ScheduleTick();
    }

    protected override async Task<KubeObject> PrepareCreateAsync(KubeObject obj)
    {
        _index = await GrainFactory.Get<IIpamGrain>(0).GetNodeIndexAsync(Key.Name);
        return KubeletRegistration.Register((Node)obj, _index, Now);
    }

    protected override Task OnCreatedAsync(KubeObject obj) => NotifySchedulerAsync((Node)obj);

    protected override Task OnUpdatedAsync(KubeObject previous, KubeObject current) => NotifySchedulerAsync((Node)current);

    protected override async Task OnDeletingAsync(KubeObject obj)
    {
        _timer?.Dispose();
        _timer = null;
        await ToSchedulersAsync(shard => shard.NodeRemovedAsync(Key.Name), ledger => ledger.NodeRemovedAsync(Key.Name));

        // Pods of a deleted node are deleted (upstream's pod garbage collector). Not awaited: each
        // deletion calls back into this node, which must first finish this turn.
        foreach (var pod in _pods.Values)
        {
            PodGrain(pod.Runtime.Pod).TerminateAsync(0).Ignore();
        }

        _pods.Clear();
    }

    private Task NotifySchedulerAsync(Node node) => ToSchedulersAsync(shard => shard.NodeChangedAsync(node.AsImmutable()), ledger => ledger.NodeChangedAsync(node.AsImmutable()));

    /// <summary>Tells the shard of every scheduler that caches this node, and the topology ledger when schedulers are sharded (one-way messages).</summary>
    private Task ToSchedulersAsync(Func<ISchedulerShardGrain, Task> message, Func<ITopologyLedgerGrain, Task> ledgerMessage)
    {
        var sent = schedulers.NodeShards(Key.Name).Select(s => message(GrainFactory.Get<ISchedulerShardGrain>(s.ToString())));
        return Task.WhenAll(schedulers.LedgerInUse ? sent.Append(ledgerMessage(GrainFactory.Get<ITopologyLedgerGrain>(0))) : sent);
    }

    /// <summary>Sends the pod's new status and events (one-way); gives back its resources once it has finished, and has it removed once it has stopped while being deleted.</summary>
    private async Task ReportAsync(SimulatedPod pod, bool statusChanged)
    {
        var runtime = pod.Runtime;
        var grain = PodGrain(runtime.Pod);
        if (statusChanged)
        {
            await grain.ReportStatusAsync(runtime.Status.AsImmutable());
        }

        foreach (var e in runtime.TakeEvents())
        {
            await RecordEventAsync(runtime.Pod, e.Type, e.Reason, e.Message, "kubelet", Key.Name);
        }

        if (runtime.IsTerminal && !pod.Released)
        {
            // Succeeded and Failed pods hold nothing: the scheduler no longer counts them, as upstream.
            await ReleaseAsync(pod);
        }

        if (runtime.IsFinished)
        {
            await grain.TerminationFinishedAsync();
        }
    }

    private async Task ReleaseAsync(SimulatedPod pod)
    {
        if (pod.Released)
        {
            return;
        }

        pod.Released = true;
        _used.Subtract(pod.Requests);
        var key = PodInfo.KeyOf(pod.Runtime.Pod.Metadata.Namespace, pod.Runtime.Pod.Metadata.Name);
        await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
    }

    private void ScheduleTick()
    {
        DateTimeOffset? next = null;
        foreach (var pod in _pods.Values)
        {
            if (pod.Runtime.NextDue is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        var self = this.AsReference<INodeGrain>();
        (_timer ??= new GrainTimer(Time, self.TickAsync)).WakeAt(next);
    }

    private IPodGrain PodGrain(Pod pod) => ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!);
}
