using Microsoft.Extensions.Options;
using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Nodes;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Grains.Scheduling;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Manifests.Simulation;

namespace OrleansKube.Grains.Kubelet;

/// <summary>
/// A Node and its simulated kubelet: registers the node, renews its Lease every 10 s (reporting NodeStatus
/// every 5 min), admits pods bound to it and runs each through its <see cref="PodRuntime"/>, reporting status
/// and events one-way. It also does the NoExecute taint manager's work for its own pods. One timer per node,
/// set to the earliest thing due (a renewal, a pod's next step, an eviction), drives it all. A failed kubelet
/// renews nothing and advances no pod until it recovers; the taint manager, being the control plane's, goes on.
/// </summary>
// Beside its scheduler shard when the scheduler is sharded (ShardSlots), else spread by its name's hash.
[Scheduling.ShardSlotPlacement]
public sealed class NodeGrain(SimulationClock timers, IOptions<OrleansKubeOptions> options, SchedulerDirectory schedulers) : ObjectGrainBase(timers.Time), INodeGrain
{
    private readonly Dictionary<string, SimulatedPod> _pods = new(StringComparer.Ordinal);
    private readonly Resource _used = new();
    private readonly List<Pod> _waitingForKubelet = [];
    private readonly Dictionary<string, long> _terminationsWaiting = new(StringComparer.Ordinal);
    private GrainTimer? _timer;
    private int _index;
    private int _podSequence;
    private bool _kubeletFailed;
    private DateTimeOffset? _nextRenewal;
    private bool _heardByController;
    private DateTimeOffset _lastStatusReport;
    private MemoryPressure _memory = new(new NodeSimulation());
    private long _systemMemory;
    private DateTimeOffset? _nextMemoryPass;
    private bool _underMemoryPressure;
    private WorkloadBehaviour? _podDefaults;

    // The pods that hold the node's resources (admitted, not yet released): admission's pod count.
    private int _holding;

    // Derived from the stored node object (read again when it is replaced) and from the silo's configuration.
    private Node? _allocatableOf;
    private Resource _allocatable = new();
    private Node? _heldImagesOf;
    private HashSet<string> _heldImages = new(StringComparer.Ordinal);
    private ISchedulerShardGrain[]? _shards;
    private ITopologyLedgerGrain? _ledger;

    // Orders this activation's status reports against each other and against an earlier activation's (wall clock: it only has to grow).
    private readonly long _incarnation = DateTime.UtcNow.Ticks;
    private long _reportSequence;

    private Node? Node => (Node?)Current;

    public async Task RunPodAsync(Immutable<Pod> pod)
    {
        var node = Node;
        var key = PodInfo.KeyOf(pod.Value.Metadata.Namespace!, pod.Value.Metadata.Name!);
        if (node is null || _pods.ContainsKey(key))
        {
            return;
        }

        if (_kubeletFailed)
        {
            // The binding stands; the kubelet sees the pod when it is back.
            _waitingForKubelet.Add(pod.Value);
            return;
        }

        var now = Now;
        var requests = Resource.ForPod(pod.Value.Spec);
        var hostPorts = HostPort.Of(pod.Value.Spec);
        if (Admission.Check(requests, Allocatable(node), _used, _holding, hostPorts, hostPorts.Length == 0 ? null : HeldHostPorts()) is { } rejection)
        {
            await PodGrain(pod.Value).ReportStatusAsync(KubeletStatus.Rejected(pod.Value, rejection.Reason, rejection.Message, now).AsImmutable(), _incarnation, ++_reportSequence);
            await RecordEventAsync(pod.Value, "Warning", rejection.Reason, rejection.Message, "kubelet", Key.Name);
            await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
            return;
        }

        var behaviour = WorkloadBehaviour.For(pod.Value.Metadata.Annotations, PodDefaults);
        var accepted = Time.GetUtcNow();
        // A pod on the host network has the node's address; any other one the next of the node's pod range.
        var podIP = pod.Value.Spec.HostNetwork == true ? KubeletRegistration.NodeIP(_index) : KubeletRegistration.PodIP(_index, _podSequence++);
        var runtime = new PodRuntime(pod.Value, behaviour, accepted, KubeletRegistration.NodeIP(_index), podIP, PullsFor(pod.Value, node));
        var simulated = new SimulatedPod(runtime, requests);
        _pods[key] = simulated;
        _used.Add(requests);
        _holding++;
        await ToSchedulersAsync(shard => shard.PodBoundAsync(Key.Name, pod), ledger => ledger.PodBoundAsync(Key.Name, pod));
        ReviewEviction(key, simulated, accepted);

        // Its first status goes at the node's next sync, at this instant but after this call (which holds up the bind):
        // with whatever is due by then in it, a pod with no start delay and no pulls is reported once, Running. Upstream's
        // status manager likewise posts a pod's latest status when it syncs, so changes between two syncs are one write.
        simulated.Unreported = true;
        ScheduleTick();
    }

    public async Task StopPodAsync(string ns, string name)
    {
        var key = PodInfo.KeyOf(ns, name);
        _waitingForKubelet.RemoveAll(p => PodInfo.KeyOf(p.Metadata.Namespace, p.Metadata.Name) == key);
        _terminationsWaiting.Remove(key);
        if (_pods.Remove(key, out var pod))
        {
            await ReleaseAsync(pod);
            ScheduleTick();
        }
    }

    public async Task TerminatePodAsync(string ns, string name, long gracePeriodSeconds, DateTimeOffset requestedAt)
    {
        var key = PodInfo.KeyOf(ns, name);
        if (!_pods.TryGetValue(key, out var pod))
        {
            // Nothing runs here under that name: nothing to wait for.
            await ObjectGrains.Pod(GrainFactory, ns, name).TerminationFinishedAsync();
            return;
        }

        if (_kubeletFailed)
        {
            // Terminating until the kubelet is back to stop it, as upstream.
            _terminationsWaiting[key] = gracePeriodSeconds;
            return;
        }

        pod.EvictAt = null;
        var now = Time.GetUtcNow();
        pod.Runtime.Terminate(now, TimeSpan.FromSeconds(gracePeriodSeconds) - (requestedAt < now ? now - requestedAt : TimeSpan.Zero));
        await ReportAsync(pod, statusChanged: true);
        ScheduleTick();
    }

    public async Task TickAsync()
    {
        var now = Time.GetUtcNow();
        if (!_kubeletFailed && _nextRenewal is { } renewal && renewal <= now)
        {
            await RenewLeaseAsync(now);
        }

        if (!_kubeletFailed && _nextMemoryPass is { } pass && pass <= now)
        {
            await MemoryPassAsync(now);
        }

        foreach (var pod in _pods.Values)
        {
            if (pod.EvictAt is { } evictAt && evictAt <= now)
            {
                pod.EvictAt = null;
                await PodGrain(pod.Runtime.Pod).EvictByTaintAsync();
            }

            if (!_kubeletFailed && (pod.Unreported || pod.Runtime.NextDue is { } due && due <= now))
            {
                if (pod.Runtime.WantsConfig(now))
                {
                    pod.Runtime.UseConfig(await ReadConfigAsync(pod.Runtime.Pod));
                }

                await ReportAsync(pod, pod.Runtime.Advance(now));
            }
        }

        ScheduleTick();
    }

    /// <summary>Reads the ConfigMaps, Secrets and claims <paramref name="pod"/> names, as the kubelet's managers do before it mounts volumes or creates a container.</summary>
    private async Task<ConfigObjects> ReadConfigAsync(Pod pod)
    {
        var ns = pod.Metadata.Namespace!;
        var (configMapNames, secretNames) = ConfigReferences.Names(pod.Spec);
        var configMaps = await Task.WhenAll(configMapNames.Select(name => ObjectGrains.Get(GrainFactory, new ObjectKey(Kinds.ConfigMap.Kind, ns, name)).GetAsync()));
        var secrets = await Task.WhenAll(secretNames.Select(name => ObjectGrains.Get(GrainFactory, new ObjectKey(Kinds.Secret.Kind, ns, name)).GetAsync()));
        var claims = await Task.WhenAll(ConfigReferences.ClaimNames(pod.Spec).Select(name => ObjectGrains.Get(GrainFactory, new ObjectKey(Kinds.PersistentVolumeClaim.Kind, ns, name)).GetAsync()));
        return ConfigObjects.Of(configMaps.OfType<ConfigMap>(), secrets.OfType<Secret>(), claims.OfType<PersistentVolumeClaim>(), ns);
    }

    public async Task SetMemoryUseAsync(string memory)
    {
        var capacity = MemoryCapacity;
        var podUsage = PodMemoryUsage;
        // A percentage is the share of capacity the node's use reaches; a quantity is used on top of the pods'.
        var amount = NodeSimulation.Bytes(memory, capacity) ?? 0;
        _systemMemory = memory.EndsWith('%') ? Math.Max(0, amount - podUsage) : amount;
        await MemoryPassAsync(Time.GetUtcNow());
        ScheduleTick();
    }

    public Task FailKubeletAsync()
    {
        _kubeletFailed = true;
        ScheduleTick();
        return Task.CompletedTask;
    }

    public async Task RecoverKubeletAsync()
    {
        if (!_kubeletFailed || Node is not { } node)
        {
            return;
        }

        _kubeletFailed = false;
        var now = Time.GetUtcNow();
        await StoreAndNotifyAsync(NodeLifecycle.ReportStatus(node, ObjectLifecycle.TruncateToSeconds(now), _underMemoryPressure));
        _lastStatusReport = now;
        await RenewLeaseAsync(now);
        foreach (var pod in _waitingForKubelet.ToList())
        {
            _waitingForKubelet.Remove(pod);
            await RunPodAsync(pod.AsImmutable());
        }

        foreach (var (key, grace) in _terminationsWaiting.ToList())
        {
            _terminationsWaiting.Remove(key);
            var pod = _pods[key].Runtime.Pod;
            await TerminatePodAsync(pod.Metadata.Namespace!, pod.Metadata.Name!, grace, Time.GetUtcNow());
        }

        await TickAsync();
    }

    public async Task MarkUnreachableAsync()
    {
        if (Node is { } node && NodeLifecycle.MarkUnreachable(node, ObjectLifecycle.TruncateToSeconds(Time.GetUtcNow())) is { } marked)
        {
            var wasReady = NodeLifecycle.ReadyStatus(node) == ConditionStatus.True;
            await StoreAndNotifyAsync(marked);
            if (wasReady)
            {
                await RecordEventAsync(marked, "Normal", "NodeNotReady", $"Node {Key.Name} status is now: NodeNotReady", "node-controller");
            }
        }
    }

    public async Task MarkReachableAsync()
    {
        if (Node is { } node && NodeLifecycle.MarkReachable(node) is { } marked)
        {
            await StoreAndNotifyAsync(marked);

            // The controller marked its pods not ready while it was unheard: its status manager reports them all again.
            foreach (var pod in _pods.Values)
            {
                pod.Unreported = true;
            }

            ScheduleTick();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A timer outliving the activation would wake a grain the silo is shutting down.
        _timer?.Dispose();
        _timer = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    protected override async Task<KubeObject> PrepareCreateAsync(KubeObject obj)
    {
        _index = await GrainFactory.Get<IIpamGrain>(0).GetNodeIndexAsync(Key.Name);
        return KubeletRegistration.Register((Node)obj, _index, Now);
    }

    protected override async Task OnCreatedAsync(KubeObject obj)
    {
        _memory = new MemoryPressure(NodeSimulation.For(obj.Metadata.Annotations));
        await NotifySchedulerAsync((Node)obj);
        var now = Time.GetUtcNow();
        _lastStatusReport = now;
        await RenewLeaseAsync(now);

        ScheduleTick();
    }

    /// <summary>
    /// A kubelet whose grain was lost with its silo comes back as after a node reboot: it re-admits the pods
    /// bound to its node (they start again), tells the schedulers about its node, and renews its lease.
    /// </summary>
    protected override async Task OnRestoredAsync(KubeObject obj)
    {
        _index = await GrainFactory.Get<IIpamGrain>(0).GetNodeIndexAsync(Key.Name);
        _memory = new MemoryPressure(NodeSimulation.For(obj.Metadata.Annotations));
        await NotifySchedulerAsync((Node)obj);
        var now = Time.GetUtcNow();
        await RelistPodsAsync();
        _lastStatusReport = now;
        await RenewLeaseAsync(now);
        ScheduleTick();
    }

    /// <summary>
    /// The pods bound to this node that the kubelet does not run yet, from the API (its informer's relist): after its
    /// grain came back, or after a silo died with a message that would have brought it one.
    /// </summary>
    public async Task RelistPodsAsync()
    {
        if (Node is null)
        {
            // No node here (in-memory state lost with its silo, or a deleted node): no kubelet to relist for.
            return;
        }

        var bound = await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Pod.Plural, null, FieldSelector: $"spec.nodeName={Key.Name}"));
        var now = Time.GetUtcNow();
        foreach (var pod in bound.Cast<Pod>().Where(p => p.Status?.Phase is not (PodPhase.Succeeded or PodPhase.Failed)))
        {
            if (_pods.ContainsKey(PodInfo.KeyOf(pod.Metadata.Namespace!, pod.Metadata.Name!)))
            {
                continue;
            }

            await RunPodAsync(pod.AsImmutable());
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await TerminatePodAsync(pod.Metadata.Namespace!, pod.Metadata.Name!, pod.Metadata.DeletionGracePeriodSeconds ?? 0, now);
            }
        }
    }

    protected override async Task OnUpdatedAsync(KubeObject previous, KubeObject current)
    {
        if (NodeSimulation.For(current.Metadata.Annotations) is var settings && settings != _memory.Settings)
        {
            _memory = new MemoryPressure(settings);
        }

        await NotifySchedulerAsync((Node)current);
        ReviewEvictions();
    }

    protected override async Task OnDeletingAsync(KubeObject obj)
    {
        _timer?.Dispose();
        _timer = null;
        await ToSchedulersAsync(shard => shard.NodeRemovedAsync(Key.Name), ledger => ledger.NodeRemovedAsync(Key.Name));
        await GrainFactory.Get<INodeLifecycleControllerGrain>(0).NodeRemovedAsync(Key.Name);

        // Pods of a deleted node are deleted (upstream's pod garbage collector). Not awaited: each
        // deletion calls back into this node, which must first finish this turn.
        foreach (var pod in _pods.Values)
        {
            PodGrain(pod.Runtime.Pod).TerminateAsync(0).Ignore();
        }

        foreach (var pod in _waitingForKubelet)
        {
            PodGrain(pod).TerminateAsync(0).Ignore();
        }

        _pods.Clear();
        _holding = 0;
        _waitingForKubelet.Clear();
    }

    /// <summary>
    /// Renews the node's Lease (kept in its index shard), telling the node lifecycle controller when it first renews and
    /// while the node carries unreachable/not-ready taints; reports NodeStatus when 5 min have passed or when the stored conditions
    /// are not the kubelet's own (the controller set them Unknown while it could not hear the kubelet).
    /// </summary>
    private async Task RenewLeaseAsync(DateTimeOffset now)
    {
        var renewed = ObjectLifecycle.TruncateToSeconds(now);
        var lease = NodeLifecycle.Lease(Key.Name, Node?.Metadata.Uid, now);
        await GrainFactory.Get<IObjectIndexGrain>(IndexKey.Of(ObjectKey.Of(lease)).ToString()).PutResidentAsync(((KubeObject)lease).AsImmutable());
        if (Node is { } node && (now - _lastStatusReport >= NodeLifecycle.StatusReportInterval || NodeLifecycle.StatusOutdated(node, _underMemoryPressure)))
        {
            _lastStatusReport = now;
            await StoreAndNotifyAsync(NodeLifecycle.ReportStatus(node, renewed, _underMemoryPressure));
        }

        // The controller reads the leases every monitor period; it hears from the kubelet itself only once per activation (so a
        // new node is followed) and while the node is tainted (so the taints go as soon as it is Ready).
        var tainted = Node is { } reported && NodeLifecycle.HasLifecycleTaints(reported);
        if (!_heardByController || tainted)
        {
            _heardByController = true;
            await GrainFactory.Get<INodeLifecycleControllerGrain>(0).HeartbeatAsync(Key.Name, now, tainted);
        }

        _nextRenewal = NodeLifecycle.NextRenewal(Key.Name, now);
    }

    /// <summary>The cluster profile's pod defaults over the silo's start delay (one per node activation).</summary>
    private WorkloadBehaviour PodDefaults => _podDefaults ??= WorkloadBehaviour.For(
        options.Value.Profile?.PodDefaultAnnotations(), new WorkloadBehaviour { StartDelay = options.Value.PodStartDelay });

    /// <summary>The pulls a pod needs: each distinct image the node does not hold, for size / bandwidth.</summary>
    private List<ImagePull>? PullsFor(Pod pod, Node node)
    {
        if (!ReferenceEquals(_heldImagesOf, node))
        {
            _heldImagesOf = node;
            _heldImages = (node.Status?.Images ?? []).SelectMany(i => i.Names ?? []).Select(ImageNames.Normalize).ToHashSet(StringComparer.Ordinal);
        }

        return ImagePull.For(pod, _heldImages, options.Value.Profile ?? new ClusterProfile());
    }

    /// <summary>The node's allocatable resources, read again only when the node object is replaced.</summary>
    private Resource Allocatable(Node node)
    {
        if (!ReferenceEquals(_allocatableOf, node))
        {
            _allocatableOf = node;
            _allocatable = Resource.From(node.Status?.Allocatable);
        }

        return _allocatable;
    }

    /// <summary>The host ports the pods still holding their room on the node bind (asked only for a pod that wants some).</summary>
    private IEnumerable<HostPort> HeldHostPorts() =>
        _pods.Values.Where(p => !p.Released).SelectMany(p => HostPort.Of(p.Runtime.Pod.Spec));

    /// <summary>Once a pod's pulls are done, its images are on the node: listed in node status (ImageLocality reads it).</summary>
    private async Task RecordPulledImagesAsync(SimulatedPod pod)
    {
        if (pod.ImagesRecorded || !pod.Runtime.Pulled || pod.Runtime.Pulls.Count == 0 || Node is not { } node)
        {
            return;
        }

        pod.ImagesRecorded = true;
        var images = node.Status?.Images ?? [];
        var known = images.SelectMany(i => i.Names ?? []).Select(ImageNames.Normalize).ToHashSet(StringComparer.Ordinal);
        var added = pod.Runtime.Pulls.Where(p => known.Add(ImageNames.Normalize(p.Image))).Select(p => new ContainerImage { Names = [p.Image], SizeBytes = p.Size }).ToList();
        if (added.Count > 0)
        {
            await StoreAndNotifyAsync(node with { Status = (node.Status ?? new NodeStatus()) with { Images = [.. images, .. added] } });
        }
    }

    /// <summary>What the pods use now: a pod whose containers have all stopped uses nothing; one still stopping does.</summary>
    private long PodMemoryUsage
    {
        get
        {
            long usage = 0;
            foreach (var pod in _pods.Values)
            {
                usage += pod.Runtime.MemoryUsage;
            }

            return usage;
        }
    }

    /// <summary>The eviction signal memory.available: capacity less what the node and its pods use.</summary>
    private long MemoryAvailable => MemoryCapacity - _systemMemory - PodMemoryUsage;

    private long MemoryCapacity =>
        Node?.Status?.Capacity?.TryGetValue("memory", out var memory) == true ? memory.Value : 0;

    /// <summary>
    /// The eviction manager's pass: memory.available against the thresholds; one pod evicted per pass while
    /// one is met; the MemoryPressure condition (and taint) reported when it changes; the next pass planned.
    /// </summary>
    private async Task MemoryPassAsync(DateTimeOffset now)
    {
        var capacity = MemoryCapacity;
        var running = _pods.Values.Where(p => !p.Runtime.IsTerminal && !p.Runtime.IsTerminating && !p.Runtime.IsEvicted).ToList();
        var available = MemoryAvailable;
        var wasUnderPressure = _memory.UnderPressure(now);
        if (_memory.Pass(now, capacity, available, [.. running.Select(p => new PodMemory(p.Runtime.Pod, p.Requests.Memory, p.Runtime.MemoryUsage))]) is { } eviction)
        {
            var victim = running.First(p => ReferenceEquals(p.Runtime.Pod, eviction.Victim.Pod));
            victim.Runtime.Evict(now, eviction.Message);
            await ReportAsync(victim, statusChanged: true);
            available += eviction.Victim.Usage;
        }

        var underPressure = _memory.UnderPressure(now);
        if (underPressure && !wasUnderPressure && Node is { } pressed)
        {
            await RecordEventAsync(pressed, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", "kubelet", Key.Name);
        }

        if (underPressure != _underMemoryPressure && Node is { } node)
        {
            _underMemoryPressure = underPressure;
            await StoreAndNotifyAsync(NodeLifecycle.ReportStatus(node, ObjectLifecycle.TruncateToSeconds(now), underPressure));
        }

        _nextMemoryPass = _memory.NextPass(now, available, capacity);
    }

    private async Task StoreAndNotifyAsync(Node node)
    {
        var touched = (Node)await StoreAsync(ObjectLifecycle.Touch(node));
        await NotifySchedulerAsync(touched);
        ReviewEvictions();
        ScheduleTick();
    }

    /// <summary>The taint manager for this node's pods: each gets, or loses, its eviction time as the node's NoExecute taints and its tolerations say.</summary>
    private void ReviewEvictions()
    {
        var now = Time.GetUtcNow();
        foreach (var (key, pod) in _pods)
        {
            ReviewEviction(key, pod, now);
        }

        ScheduleTick();
    }

    private void ReviewEviction(string key, SimulatedPod pod, DateTimeOffset now)
    {
        var taints = Node?.Spec?.Taints ?? [];
        if (pod.Runtime.IsTerminating || _terminationsWaiting.ContainsKey(key)
            || TaintEviction.TimeAllowed(pod.Runtime.Pod.Spec.Tolerations, taints) is not { } allowed)
        {
            pod.EvictAt = null;
            pod.TaintedSince = null;
            return;
        }

        // Counted from when the pod first met the taints, as upstream's queue does.
        pod.TaintedSince ??= now;
        pod.EvictAt = pod.TaintedSince.Value + allowed;
    }

    private Task NotifySchedulerAsync(Node node) => ToSchedulersAsync(shard => shard.NodeChangedAsync(node.AsImmutable()), ledger => ledger.NodeChangedAsync(node.AsImmutable()));

    /// <summary>Tells the shard of every scheduler that caches this node, and the topology ledger when schedulers are sharded (one-way messages).</summary>
    private async Task ToSchedulersAsync(Func<ISchedulerShardGrain, Task> message, Func<ITopologyLedgerGrain, Task> ledgerMessage)
    {
        // The schedulers and their shards are the silo's configuration: the same for the whole activation.
        if (_shards is null)
        {
            _shards = [.. schedulers.NodeShards(Key.Name).Select(s => GrainFactory.Get<ISchedulerShardGrain>(s.ToString()))];
            _ledger = schedulers.LedgerInUse ? GrainFactory.Get<ITopologyLedgerGrain>(0) : null;
        }

        foreach (var shard in _shards)
        {
            await message(shard);
        }

        if (_ledger is not null)
        {
            await ledgerMessage(_ledger);
        }
    }

    /// <summary>Sends the pod's new status and events (one-way); gives back its resources once it has finished, and has it removed once it has stopped while being deleted.</summary>
    private async Task ReportAsync(SimulatedPod pod, bool statusChanged)
    {
        var runtime = pod.Runtime;
        var grain = PodGrain(runtime.Pod);
        if (statusChanged || pod.Unreported)
        {
            pod.Unreported = false;
            await grain.ReportStatusAsync(runtime.Status.AsImmutable(), _incarnation, ++_reportSequence);
        }

        if (runtime.TakeEvents() is { Count: > 0 } events)
        {
            var recorded = new (string Type, string Reason, string Message)[events.Count];
            for (var i = 0; i < recorded.Length; i++)
            {
                recorded[i] = (events[i].Type, events[i].Reason, events[i].Message);
            }

            await RecordEventsAsync(runtime.Pod, recorded, "kubelet", Key.Name);
        }

        await RecordPulledImagesAsync(pod);

        // A container started or stopped: memory use changed, the eviction manager looks at its next pass.
        _nextMemoryPass ??= _memory.NextPass(Time.GetUtcNow(), MemoryAvailable, MemoryCapacity);

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
        _holding--;
        _used.Subtract(pod.Requests);
        var key = PodInfo.KeyOf(pod.Runtime.Pod.Metadata.Namespace, pod.Runtime.Pod.Metadata.Name);
        await ToSchedulersAsync(shard => shard.PodUnboundAsync(Key.Name, key), ledger => ledger.PodUnboundAsync(Key.Name, key));
    }

    private void ScheduleTick()
    {
        var now = Time.GetUtcNow();
        DateTimeOffset? next = _kubeletFailed ? null : _nextRenewal;
        if (!_kubeletFailed && _nextMemoryPass is { } pass && (next is null || pass < next))
        {
            next = pass;
        }

        foreach (var pod in _pods.Values)
        {
            if (!_kubeletFailed && (pod.Unreported ? now : pod.Runtime.NextDue) is { } due && (next is null || due < next))
            {
                next = due;
            }

            if (pod.EvictAt is { } evictAt && (next is null || evictAt < next))
            {
                next = evictAt;
            }
        }
        (_timer ??= new GrainTimer(timers, this.AsReference<INodeGrain>().TickAsync)).WakeAt(next);
    }

    private IPodGrain PodGrain(Pod pod) => ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!);
}
