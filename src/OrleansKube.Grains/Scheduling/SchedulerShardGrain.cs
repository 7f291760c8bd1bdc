using System.Diagnostics;
using OrleansKube.Control.Scheduling;
using OrleansKube.Control.Scheduling.Admission;
using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.DefaultPreemption;
using OrleansKube.Control.Scheduling.Queue;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// One shard of a scheduler: schedules its queue against its nodes with the scheduling framework, assumes
/// each placement in its cache before binding, and passes a pod that fits none of its nodes to the next shard.
/// After every shard has tried, the pod is Unschedulable with the message of all shards' reasons together and
/// waits, with backoff, for the cluster to change. Pods unschedulable for five minutes are flushed back only
/// while the elected kube-scheduler's mandate runs. With a durable repository, an activation (after its silo
/// died) rebuilds its cache and queue from the stored nodes and pods, as a scheduler starting up lists them.
/// </summary>
[ShardSlotPlacement] // several shards: shard N on the N-th silo, beside its nodes' kubelets (ShardSlots)
public sealed partial class SchedulerShardGrain(SimulationClock timers, SchedulerDirectory directory, ObjectRepository repository, Quiescence quiescence, KubeMetrics metrics) : ResidentGrain, ISchedulerShardGrain
{
    private static readonly TimeSpan BroadcastInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DrainSlice = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time = timers.Time;
    private readonly ClusterSnapshot _snapshot = new();
    private readonly SchedulingQueue _queue = new();
    private readonly Dictionary<string, ShardVisit> _visits = new(StringComparer.Ordinal);
    private readonly Control.Leadership.LeaderTerm _leader = new();
    private SchedulingFramework _framework = null!;
    private ShardKey _key;
    private int _shards;
    private GrainTimer? _timer;
    private DateTimeOffset _lastBroadcast = DateTimeOffset.MinValue;
    private bool _broadcastPending;
    // Null until someone takes them (the scheduler benchmark): a cluster nobody measures keeps no latency per pod.
    private List<float>? _latencies;
    private long _scheduled;
    private long _attempts;
    private long _preempted;
    private long _refused;
    private bool _ledgerHasWideHolders;
    private bool _continuePending;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _key = ShardKey.Parse(this.GetPrimaryKeyString());
        _shards = directory.Shards(_key.SchedulerName);
        _framework = directory.CreateFramework(_key);
        metrics.Queues.Add(this, () => (_key.SchedulerName, _queue.ActiveCount, _queue.BackoffCount, _queue.UnschedulableCount));
        if (repository.Durable)
        {
            await RebuildAsync();
        }
    }

    public async Task LeadAsync(string holder, int term, DateTimeOffset renewTime)
    {
        var now = _time.GetUtcNow();
        var previousTerm = _leader.Term;
        if (!_leader.Accept(holder, term, renewTime))
        {
            return;
        }

        if (term > previousTerm && previousTerm >= 0)
        {
            // A new scheduler leader lists the pending pods, as a starting scheduler's informer does: one whose
            // message to this shard was lost with a silo is found again.
            await RelistAsync();
        }

        if (_queue.NextFlush() <= now)
        {
            ContinueDraining(); // unschedulable pods waited for a leader
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A timer outliving the activation would wake a grain the silo is shutting down.
        _timer?.Dispose();
        _timer = null;
        metrics.Queues.Remove(this);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Accepting a pod only queues it; the queue is drained in slices by one-way self messages, so a burst of
    /// pods leaves a mailbox of cheap messages and stats, node changes and binds' outcomes still get their turn.
    /// </summary>
    public Task EnqueueAsync(Immutable<Pod> pod, ShardVisit? visit)
    {
        if (!string.IsNullOrEmpty(pod.Value.Spec.NodeName) || SchedulingGates.IsGated(pod.Value))
        {
            return Task.CompletedTask;
        }

        var info = new PodInfo(pod.Value);
        _queue.Add(info, _time.GetUtcNow(), visit?.Attempts ?? 0);
        if (visit is null)
        {
            _visits.Remove(info.Key);
        }
        else
        {
            _visits[info.Key] = visit;
        }

        ContinueDraining();
        return Task.CompletedTask;
    }

    public async Task PreemptAsync(Immutable<Pod> pod, string nodeName, ShardVisit visit)
    {
        var preemptor = new PodInfo(pod.Value);
        var now = _time.GetUtcNow();
        _visits.Remove(preemptor.Key);

        // The offer was made on a snapshot: find the victims again on what this shard knows now.
        await RefreshBudgetsAsync();
        var victims = DefaultPreemptionPlugin.VictimsOn(_framework, preemptor, nodeName, _snapshot);

        var podGrain = ObjectGrains.Pod(GrainFactory, pod.Value.Metadata.Namespace!, pod.Value.Metadata.Name!);
        _queue.AddUnschedulable(preemptor, now, visit.Attempts);
        if (victims is null)
        {
            // The room changed since: wait for the next change like any unschedulable pod.
            await podGrain.MarkUnschedulableAsync(visit.Fit.ToDiagnosis().Message(), null);
            ScheduleTick();
            return;
        }

        // Lower-priority pods nominated to the node lose their claim to it, as upstream.
        foreach (var other in _snapshot.NominatedPods(nodeName).Where(p => p.Priority < preemptor.Priority).ToList())
        {
            _snapshot.RemoveNomination(other.Key);
        }

        _snapshot.Nominate(preemptor, nodeName);
        await podGrain.MarkUnschedulableAsync(visit.Fit.ToDiagnosis().Message(), nodeName);

        // Each victim leaving tells this shard (PodUnbound), which moves the preemptor back to be scheduled.
        var uid = pod.Value.Metadata.Uid ?? "";
        await Task.WhenAll(victims.Select(v => ObjectGrains.Pod(GrainFactory, v.Pod.Metadata.Namespace!, v.Pod.Metadata.Name!).PreemptAsync(uid, nodeName, _key.SchedulerName)));
        _preempted += victims.Count;
        ScheduleTick();
    }

    public Task PodDeletedAsync(string podKey)
    {
        _queue.Remove(podKey);
        _visits.Remove(podKey);
        _snapshot.RemoveNomination(podKey);
        return Task.CompletedTask;
    }

    public Task NodeChangedAsync(Immutable<Node> node)
    {
        _snapshot.AddOrUpdateNode(node.Value);
        return RoomMayHaveAppearedAsync();
    }

    public Task NodeRemovedAsync(string nodeName)
    {
        _snapshot.RemoveNode(nodeName);
        return Task.CompletedTask;
    }

    public Task PodBoundAsync(string nodeName, Immutable<Pod> pod)
    {
        var node = _snapshot.Get(nodeName);
        if (node is not null && !node.HasPod(pod.Value.Metadata.Namespace, pod.Value.Metadata.Name))
        {
            node.AddPod(new PodInfo(pod.Value));
        }

        return Task.CompletedTask;
    }

    public Task PodUnboundAsync(string nodeName, string podKey) =>
        _snapshot.Get(nodeName)?.RemovePod(podKey) == true ? RoomMayHaveAppearedAsync() : Task.CompletedTask;

    public Task ClusterChangedAsync()
    {
        _queue.MoveAllOnClusterChange(_time.GetUtcNow());
        return DrainAsync();
    }

    public Task TickAsync()
    {
        _continuePending = false;
        var now = _time.GetUtcNow();
        _queue.Flush(now, unschedulable: _leader.Leading(now));
        if (_broadcastPending && now - _lastBroadcast >= BroadcastInterval)
        {
            Broadcast(now);
        }

        return DrainAsync();
    }

    public Task<SchedulerShardStats> GetStatsAsync() =>
        Task.FromResult(new SchedulerShardStats(_snapshot.Nodes.Count, _queue.ActiveCount, _queue.BackoffCount, _queue.UnschedulableCount, _scheduled, _attempts, _preempted, _refused));

    public Task<List<float>> TakeLatenciesAsync()
    {
        var taken = _latencies ?? [];
        _latencies = [];
        return Task.FromResult(taken);
    }

    /// <summary>
    /// Schedules every queued pod. Binds are not awaited here: the shard goes on with the next pod while the
    /// bind travels pod → node; its outcome comes back on this activation's scheduler.
    /// </summary>
    private async Task DrainAsync()
    {
        List<PendingPlacement>? toAdmit = null;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            // A long queue is drained in slices, so stats, node changes and binds' outcomes get a turn in between.
            if (_queue.ActiveCount > 0 && Stopwatch.GetElapsedTime(started) > DrainSlice)
            {
                // The outcomes of this slice's binds wait on this activation's scheduler. Orleans invokes waiting
                // requests back to back while each completes at once (the enqueues, the next Tick), so without a
                // pause they would run only once the inbox is empty: a failed bind's room would stay taken.
                await Task.Yield();
                ContinueDraining();
                break;
            }

            if (!_queue.TryPop(out var queued))
            {
                break;
            }

            _attempts++;

            // Every candidate, ranked, when the ledger may refuse on rules this shard cannot see; else the choice alone
            // (ranking every feasible node costs a list of them per pod).
            var full = _shards > 1 && (queued.OfferEveryCandidate || _ledgerHasWideHolders || TopologyLedger.HasWideRules(queued.Pod));
            var claimed = await ReadVolumesAsync(queued.Pod);
            var result = _framework.Schedule(queued.Pod, _snapshot, rankAll: full);
            if (claimed && result.NodeName is not null)
            {
                ForgetVolumes(queued.Pod, placed: true); // before the bind, which names the node on its claims
            }

            if (result.NodeName is { } nodeName)
            {
                // Assume before binding, so the next pod in this drain sees the room as taken.
                _snapshot.RemoveNomination(queued.Key);
                _snapshot.Get(nodeName)!.AddPod(queued.Pod);
                _visits.Remove(queued.Key, out var visit);
                if (_shards > 1)
                {
                    (toAdmit ??= []).Add(new PendingPlacement(queued, visit, nodeName, full ? result.RankedNodes as List<string> ?? [.. result.RankedNodes!] : [nodeName], result.Diagnosis, full));
                }
                else
                {
                    Bind(queued, nodeName);
                }
            }
            else
            {
                await FailAsync(queued, result.Diagnosis);
            }

            if (claimed && result.NodeName is null)
            {
                ForgetVolumes(queued.Pod, placed: false); // after preemption, which filters with them
            }
        }

        if (toAdmit is not null)
        {
            quiescence.Run(static admit => admit.Shard.AdmitThenBindAsync(admit.Placements), (Shard: this, Placements: toAdmit), nameof(SchedulerShardGrain) + ".Admit");
        }

        ScheduleTick();
    }

    /// <summary>Sends this shard one Tick (one-way) to drain what is queued, unless one is on its way.</summary>
    private void ContinueDraining()
    {
        if (!_continuePending)
        {
            _continuePending = true;
            this.AsReference<ISchedulerShardGrain>().TickAsync().Ignore();
        }
    }

    /// <summary>
    /// A sharded scheduler decides on its own nodes; the topology ledger then admits the drain's placements
    /// against the whole cluster, each onto its best candidate that breaks no rule. A pod none of whose
    /// candidates is admitted has failed in this shard, with the ledger's reasons for those nodes.
    /// </summary>
    private async Task AdmitThenBindAsync(List<PendingPlacement> placements)
    {
        AdmissionResult result;
        try
        {
            result = await GrainFactory.Get<ITopologyLedgerGrain>(0).AdmitAsync([.. placements.Select(p => new Placement(p.Queued.Pod.Pod, p.Candidates))]);
        }
        catch (Exception)
        {
            // Whatever went wrong (a timeout, the ledger's silo gone), nothing was admitted: the pods go back to the queue.
            var failedAt = _time.GetUtcNow();
            foreach (var placement in placements)
            {
                RestoreVisit(placement);
                PlacementAdmission.Unanswered(placement.Queued, placement.Assumed, _snapshot, _queue, failedAt);
            }

            ScheduleTick();
            return;
        }

        _ledgerHasWideHolders = result.WideAntiAffinityHolders;
        var retry = false;
        for (var i = 0; i < placements.Count; i++)
        {
            var placement = placements[i];
            var verdict = result.Verdicts[i];
            switch (PlacementAdmission.Judge(placement.Queued, placement.Assumed, placement.Full, verdict.NodeName, _snapshot, _queue))
            {
                case AdmissionStep.Bind:
                    Bind(placement.Queued, verdict.NodeName!);
                    break;
                case AdmissionStep.Retry:
                    _refused++;
                    RestoreVisit(placement);
                    retry = true;
                    break;
                case AdmissionStep.Fail:
                    _refused++;
                    placement.Diagnosis.AddReasons(verdict.Refusals);
                    RestoreVisit(placement);
                    await FailAsync(placement.Queued, placement.Diagnosis);
                    break;
            }
        }

        if (retry)
        {
            ContinueDraining();
        }

        ScheduleTick();
    }

    private void RestoreVisit(PendingPlacement placement)
    {
        if (placement.Visit is not null)
        {
            _visits[placement.Queued.Key] = placement.Visit;
        }
    }

    /// <summary>Binds without awaiting it in this turn; the outcome comes back on this activation's scheduler.</summary>
    private void Bind(QueuedPod queued, string nodeName)
    {
        AssumeSelection(queued.Pod, nodeName);
        quiescence.Run(static bind => bind.Shard.BindAsync(bind.Queued.Pod, bind.NodeName, bind.Queued.EnqueuedAt), (Shard: this, Queued: queued, NodeName: nodeName), nameof(SchedulerShardGrain) + ".Bind");
    }

    private async Task BindAsync(PodInfo assumed, string nodeName, DateTimeOffset enqueuedAt)
    {
        var pod = assumed.Pod;
        try
        {
            await SelectNodeForClaimsAsync(assumed, nodeName);
            var binding = await ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!).BindAsync(nodeName, _key.SchedulerName);
            _scheduled++;

            // The node's cache keeps the bound pod its kubelet runs, not the pending version: one copy per pod, not two.
            assumed.Adopt(binding.Pod);

            // To the instant the pod stored its binding, not to this continuation: with a backlog it runs only at the end
            // of the drain slice (Orleans runs a non-reentrant grain's queued requests before such continuations).
            var latency = binding.BoundAt - enqueuedAt;
            _latencies?.Add((float)latency.TotalMilliseconds);
            metrics.RecordAttempt("scheduled", _key.SchedulerName);
            metrics.PodSchedulingLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("profile", _key.SchedulerName));
        }
        catch (Exception e) when (e is ApiException or TimeoutException or OrleansException)
        {
            // The pod or the node went away, someone else bound it first, or the bind was lost: forget the assumption.
            _snapshot.Get(nodeName)?.RemovePod(assumed.Key);
            ForgetSelections(assumed, nodeName);
            if (_shards > 1)
            {
                GrainFactory.Get<ITopologyLedgerGrain>(0).PodUnboundAsync(nodeName, assumed.Key).Ignore();
            }

            metrics.RecordAttempt("error", _key.SchedulerName);
            if (e is not ApiException)
            {
                // Lost on the way (a timeout, a silo gone): the pod is tried again, as upstream's failed binding is.
                _queue.Add(assumed, _time.GetUtcNow(), 1);
                ContinueDraining();
            }
        }
    }

    private async Task FailAsync(QueuedPod queued, Diagnosis diagnosis)
    {
        // Preemption looks at this shard's nodes; the shards' offers are compared as the pod travels.
        var previous = _visits.Remove(queued.Key, out var earlier) ? earlier : null;
        if (previous?.PreemptionIneligible is null)
        {
            await RefreshBudgetsAsync();
        }

        var postFilter = previous?.PreemptionIneligible is null ? _framework.RunPostFilter(queued.Pod, _snapshot) : null;
        var visit = ShardVisit.Next(previous, diagnosis, postFilter, queued.Attempts);
        var pod = queued.Pod.Pod;
        if (visit.ShardsVisited < _shards)
        {
            // Its claim on a node of this shard lapses when it moves on; it preempts again if it must.
            _snapshot.RemoveNomination(queued.Key);
            await Shard(_key.Next(_shards)).EnqueueAsync(pod.AsImmutable(), visit);
            return;
        }

        if (visit.Offer is { } offer)
        {
            var owner = ShardKey.ForNode(_key.SchedulerName, offer.NodeName, _shards);
            if (owner == _key)
            {
                await PreemptAsync(pod.AsImmutable(), offer.NodeName, visit);
            }
            else
            {
                _snapshot.RemoveNomination(queued.Key);
                await Shard(owner).PreemptAsync(pod.AsImmutable(), offer.NodeName, visit);
            }

            return;
        }

        _queue.AddUnschedulable(queued, _time.GetUtcNow());
        metrics.RecordAttempt("unschedulable", _key.SchedulerName);
        await ObjectGrains.Pod(GrainFactory, pod.Metadata.Namespace!, pod.Metadata.Name!).MarkUnschedulableAsync(visit.ToDiagnosis().Message(), null);
    }

    /// <summary>A node appeared or changed, or a pod left: retry here, and tell the other shards (at most once a second).</summary>
    private Task RoomMayHaveAppearedAsync()
    {
        var now = _time.GetUtcNow();
        _queue.MoveAllOnClusterChange(now);
        if (_shards > 1)
        {
            if (now - _lastBroadcast >= BroadcastInterval)
            {
                Broadcast(now);
            }
            else
            {
                _broadcastPending = true;
            }
        }

        return DrainAsync();
    }

    private void Broadcast(DateTimeOffset now)
    {
        _lastBroadcast = now;
        _broadcastPending = false;
        foreach (var shard in directory.AllShards(_key.SchedulerName).Where(s => s != _key))
        {
            Shard(shard).ClusterChangedAsync().Ignore();
        }
    }

    /// <summary>This shard's nodes, the pods bound to them, and its pending pods, from the API.</summary>
    private async Task RebuildAsync()
    {
        var api = GrainFactory.Get<IApiGrain>(0);
        foreach (var node in (await api.ListAsync(new ListQuery(Kinds.Node.Plural, null))).Cast<Node>())
        {
            if (directory.NodeShards(node.Metadata.Name!).Contains(_key))
            {
                _snapshot.AddOrUpdateNode(node);
            }
        }

        await RelistPodsAsync(includeBound: true);
    }

    public Task RelistAsync() => RelistPodsAsync(includeBound: false);

    /// <summary>Pending pods of this shard not yet queued, and (when <paramref name="includeBound"/>) the pods bound to its nodes, from the API.</summary>
    private async Task RelistPodsAsync(bool includeBound)
    {
        var now = _time.GetUtcNow();
        var query = includeBound ? new ListQuery(Kinds.Pod.Plural, null) : new ListQuery(Kinds.Pod.Plural, null, FieldSelector: "spec.nodeName=");
        foreach (var pod in (await GrainFactory.Get<IApiGrain>(0).ListAsync(query)).Cast<Pod>())
        {
            if (pod.Status?.Phase is PodPhase.Succeeded or PodPhase.Failed)
            {
                continue;
            }

            var key = PodInfo.KeyOf(pod.Metadata.Namespace, pod.Metadata.Name);
            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                if (_snapshot.Get(pod.Spec.NodeName) is { } node && !node.HasPod(key))
                {
                    node.AddPod(new PodInfo(pod));
                }
            }
            else if (pod.Metadata.DeletionTimestamp is null && !SchedulingGates.IsGated(pod) && directory.IsServed(pod.Spec.SchedulerName)
                && directory.PodShard(pod.Spec.SchedulerName, key) == _key && !_queue.Contains(key) && !_visits.ContainsKey(key))
            {
                _queue.Add(new PodInfo(pod), now, 0);
            }
        }

        ContinueDraining();
    }

    private void ScheduleTick()
    {
        var next = _queue.NextFlush(unschedulable: _leader.Leading(_time.GetUtcNow()));
        if (_broadcastPending)
        {
            var broadcastAt = _lastBroadcast + BroadcastInterval;
            next = next is null || broadcastAt < next ? broadcastAt : next;
        }

        (_timer ??= new GrainTimer(timers, this.AsReference<ISchedulerShardGrain>().TickAsync)).WakeAt(next);
    }

    private ISchedulerShardGrain Shard(ShardKey key) => GrainFactory.Get<ISchedulerShardGrain>(key.ToString());

    /// <summary>A placement waiting for the topology ledger: the pod and its travels so far, the node assumed for it, the nodes offered, and this shard's diagnosis.</summary>
    private sealed record PendingPlacement(QueuedPod Queued, ShardVisit? Visit, string Assumed, List<string> Candidates, Diagnosis Diagnosis, bool Full);
}
