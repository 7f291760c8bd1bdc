using OrleansKube.Control.Leadership;
using OrleansKube.Control.Nodes;
using OrleansKube.Control.Workloads;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Coordination;

namespace OrleansKube.Grains.Nodes;

/// <summary>
/// The node lifecycle controller: every monitor period (5 s) it reads the kubelets' Leases from their index shards (one
/// list per shard, as upstream's controller reads them from its informer, instead of a call from every kubelet at every
/// renewal) and tells the nodes overdue by more than the grace period (40 s) that they are unreachable. A kubelet still
/// calls it when it registers (so a new node is followed) and at each renewal while its node carries unreachable or
/// not-ready taints; a node heard again (either way) while tainted or held unreachable is told it is reachable, which
/// removes the taints once it is Ready, as upstream's controller does. The timer runs on the injected clock. An
/// activation (the first, or one after its silo died) takes every node as heard now, as upstream's controller does
/// with nodes it starts to watch, and starts its monitor.
/// </summary>
public sealed class NodeLifecycleControllerGrain(SimulationClock timers, Quiescence quiescence) : ResidentGrain, INodeLifecycleControllerGrain
{
    private readonly TimeProvider _time = timers.Time;
    private readonly NodeHealth _health = new();
    private readonly LeaderTerm _leader = new();
    private GrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        var nodes = await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Node.Plural, null));
        _health.Start(nodes.Select(n => n.Metadata.Name!), _time.GetUtcNow());
        await StartAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A timer outliving the activation would wake a grain the silo is shutting down.
        _timer?.Dispose();
        _timer = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task StartAsync()
    {
        if (_timer is null)
        {
            _timer = new GrainTimer(timers, this.AsReference<INodeLifecycleControllerGrain>().TickAsync);
            _timer.WakeAt(_time.GetUtcNow() + NodeLifecycle.MonitorPeriod);
        }

        return Task.CompletedTask;
    }

    public Task<bool> LeadAsync(string holder, int term, DateTimeOffset renewTime) => Task.FromResult(_leader.Accept(holder, term, renewTime));

    public Task HeartbeatAsync(string nodeName, DateTimeOffset renewTime, bool tainted)
    {
        var marked = _health.Heard(nodeName, renewTime);

        // The node's own word, not this activation's memory: the taints may have been set by an activation lost with its
        // silo, or by a term before this one. Only the mandated controller removes them (a mandate lapsing keeps them until
        // the next leader hears the kubelet).
        if ((tainted || marked) && _leader.Leading(_time.GetUtcNow()))
        {
            ObjectGrains.Node(GrainFactory, nodeName).MarkReachableAsync().Ignore();
        }

        return Task.CompletedTask;
    }

    public Task NodeRemovedAsync(string nodeName)
    {
        _health.Forget(nodeName);
        return Task.CompletedTask;
    }

    public async Task TickAsync()
    {
        if (!_leader.Leading(_time.GetUtcNow()))
        {
            // Only the elected controller-manager marks nodes; without a current mandate the monitor waits.
            _timer?.WakeAt(_time.GetUtcNow() + NodeLifecycle.MonitorPeriod);
            return;
        }

        // The shards answer lists between their turns; the leases are shared, not copied.
        var shards = await Task.WhenAll(IndexKey.AllShards(Kinds.Lease.Kind, NodeLifecycle.LeaseNamespace)
            .Select(key => GrainFactory.Get<IObjectIndexGrain>(key.ToString()).ListAsync(null, null)));
        foreach (var shard in shards)
        {
            foreach (var node in _health.Read(shard.Value.OfType<Lease>()) ?? [])
            {
                ObjectGrains.Node(GrainFactory, node).MarkReachableAsync().Ignore();
            }
        }

        var now = _time.GetUtcNow();
        foreach (var node in _health.MarkOverdue(now) ?? [])
        {
            quiescence.Run(static mark => mark.Controller.MarkUnreachableAsync(mark.Node), (Controller: this, Node: node), nameof(NodeLifecycleControllerGrain) + ".MarkUnreachable");
        }

        _timer?.WakeAt(now + NodeLifecycle.MonitorPeriod);
    }

    public Task<List<string>> GetUnreachableAsync() => Task.FromResult(_health.Unreachable);

    /// <summary>
    /// The node is tainted and its conditions Unknown, then its ready pods are marked not ready (upstream's
    /// MarkPodsNotReady), so Services stop sending them traffic. Off the monitor's turn: the pods are listed from the
    /// cache by node, once per node that goes unheard.
    /// </summary>
    private async Task MarkUnreachableAsync(string node)
    {
        try
        {
            await ObjectGrains.Node(GrainFactory, node).MarkUnreachableAsync();
            var pods = await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Pod.Plural, null, FieldSelector: $"spec.nodeName={node}"));
            await Task.WhenAll(pods.OfType<Pod>()
                .Where(PodStates.IsReady)
                .Select(p => ObjectGrains.Pod(GrainFactory, p.Metadata.Namespace!, p.Metadata.Name!).MarkNotReadyAsync()));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or ApiException)
        {
            // A pod left ready stays so until the node is lost again (upstream's controller retries on its next pass);
            // the kubelet's reports set every pod right once the node is heard again.
        }
    }
}
