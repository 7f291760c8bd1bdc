using OrleansKube.Control.Leadership;
using OrleansKube.Control.Nodes;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;

namespace OrleansKube.Grains.Nodes;

/// <summary>
/// The node lifecycle controller: keeps the last lease renewal of every node it has heard from and, every
/// monitor period (5 s), tells the nodes overdue by more than the grace period (40 s) that they are
/// unreachable. A node heard again while it carries unreachable/not-ready taints (its kubelet says so) is told it is
/// reachable, which removes them once it is Ready, as upstream's controller does. The timer runs on the injected clock. An
/// activation (the first, or one after its silo died) takes every node as heard now, as upstream's
/// controller does with nodes it starts to watch, and starts its monitor.
/// </summary>
public sealed class NodeLifecycleControllerGrain(SimulationClock timers) : ResidentGrain, INodeLifecycleControllerGrain
{
    private readonly TimeProvider _time = timers.Time;
    private readonly Dictionary<string, DateTimeOffset> _renewals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private readonly LeaderTerm _leader = new();
    private GrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        var now = _time.GetUtcNow();
        foreach (var node in await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Node.Plural, null)))
        {
            _renewals.TryAdd(node.Metadata.Name!, now);
        }

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
        _renewals[nodeName] = renewTime;
        var marked = _unreachable.Remove(nodeName);

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
        _renewals.Remove(nodeName);
        _unreachable.Remove(nodeName);
        return Task.CompletedTask;
    }

    public Task TickAsync()
    {
        var now = _time.GetUtcNow();
        if (!_leader.Leading(now))
        {
            // Only the elected controller-manager marks nodes; without a current mandate the monitor waits.
            _timer?.WakeAt(now + NodeLifecycle.MonitorPeriod);
            return Task.CompletedTask;
        }

        foreach (var (node, renewed) in _renewals)
        {
            if (NodeLifecycle.IsOverdue(renewed, now) && _unreachable.Add(node))
            {
                ObjectGrains.Node(GrainFactory, node).MarkUnreachableAsync().Ignore();
            }
        }

        _timer?.WakeAt(now + NodeLifecycle.MonitorPeriod);
        return Task.CompletedTask;
    }

    public Task<List<string>> GetUnreachableAsync() => Task.FromResult(_unreachable.Order(StringComparer.Ordinal).ToList());
}
