using Microsoft.Extensions.Options;
using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Grains.Scheduling;

namespace OrleansKube.Grains.Kubelet;

/// <summary>
/// A Node and its simulated kubelet: registers the node, admits pods bound to it, takes them through
/// ContainerCreating to Running after the configured start delay, and reports their status one-way.
/// One timer per node drives all its pods.
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
        if (Admission.Check(requests, Resource.From(node.Status?.Allocatable), _used, _pods.Count) is { } rejection)
        {
            await PodGrain(pod.Value).ReportStatusAsync(KubeletStatus.Rejected(pod.Value, rejection.Reason, rejection.Message, now).AsImmutable());
            await RecordEventAsync(pod.Value, "Warning", rejection.Reason, rejection.Message, "kubelet", Key.Name);
            await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
            return;
        }

        var podIP = KubeletRegistration.PodIP(_index, _podSequence++);
        var hostIP = KubeletRegistration.NodeIP(_index);
        var accepted = pod.Value with { Status = KubeletStatus.Accepted(pod.Value, hostIP, podIP, now) };
        _pods[key] = new SimulatedPod(accepted, requests, podIP, now, Time.GetUtcNow() + options.Value.PodStartDelay);
        _used.Add(requests);
        await PodGrain(accepted).ReportStatusAsync(accepted.Status!.AsImmutable());
        await ToSchedulersAsync(shard => shard.PodBoundAsync(Key.Name, pod), ledger => ledger.PodBoundAsync(Key.Name, pod));
        ScheduleTick();
    }

    public async Task StopPodAsync(string ns, string name)
    {
        var key = PodInfo.KeyOf(ns, name);
        if (_pods.Remove(key, out var pod))
        {
            _used.Subtract(pod.Requests);
            await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
        }
    }

    public async Task TickAsync()
    {
        var now = Time.GetUtcNow();
        var started = new List<Task>();
        foreach (var pod in _pods.Values)
        {
            if (pod.StartsAt is { } due && due <= now)
            {
                pod.StartsAt = null;
                pod.Pod = pod.Pod with { Status = KubeletStatus.Running(pod.Pod, pod.AcceptedAt, Now) };
                started.Add(PodGrain(pod.Pod).ReportStatusAsync(pod.Pod.Status!.AsImmutable()));
                started.Add(RecordStartedEventsAsync(pod.Pod));
            }
        }

        await Task.WhenAll(started);
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
            PodGrain(pod.Pod).DeleteAsync().Ignore();
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

    private Task RecordStartedEventsAsync(Pod pod)
    {
        var events = new List<Task>();
        foreach (var container in pod.Spec.Containers)
        {
            events.Add(RecordEventAsync(pod, "Normal", "Pulled", $"Container image \"{container.Image}\" already present on machine", "kubelet", Key.Name));
            events.Add(RecordEventAsync(pod, "Normal", "Created", $"Created container: {container.Name}", "kubelet", Key.Name));
            events.Add(RecordEventAsync(pod, "Normal", "Started", $"Started container {container.Name}", "kubelet", Key.Name));
        }

        return Task.WhenAll(events);
    }

    private void ScheduleTick()
    {
        DateTimeOffset? next = null;
        foreach (var pod in _pods.Values)
        {
            if (pod.StartsAt is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        var self = this.AsReference<INodeGrain>();
        (_timer ??= new GrainTimer(Time, self.TickAsync)).WakeAt(next);
    }

    private IPodGrain PodGrain(Pod pod) => ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!);
}
