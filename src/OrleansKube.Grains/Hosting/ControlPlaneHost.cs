using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKube.Control.Leadership;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Every silo's control-plane host: campaigns for <c>kube-system/kube-controller-manager</c> and
/// <c>kube-system/kube-scheduler</c> every retry period (2 s on the simulation clock), as client-go's leader
/// elector does, and hands the controller-manager's term to the leader-only loops (the node lifecycle
/// controller, the garbage collector), which refuse a stale term and stop acting when the mandate is not renewed.
/// On becoming controller-manager, and every resync period while it leads, it hands every workload to its
/// controller (the informers' replay). The scheduler's term goes to every scheduler shard, which flushes its
/// unschedulable pods only while that mandate runs. A silo's death is a broken watch: messages to it may be
/// lost, so the leaders relist (the controller-manager resyncs every workload and has every kubelet relist the
/// pods bound to its node, which re-hosts a kubelet lost with the silo; the scheduler's shards their pending pods).
/// Which deaths were relisted for is kept per lease: a silo that takes a lease after its holder died relists at once.
/// </summary>
public sealed partial class ControlPlaneHost(IGrainFactory grains, SimulationClock clock, IOptions<OrleansKubeOptions> options, Scheduling.SchedulerDirectory schedulers, IClusterMembershipService membership, Quiescence quiescence, KubeMetrics metrics, StoreHealth store, ControlPlane.ControlPlanePods controlPlane, InitialSilos initialSilos, ILogger<ControlPlaneHost> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly string[] Leases = [LeaderElection.ControllerManager, LeaderElection.Scheduler];

    // Per lease: the highest term seen held by anyone (never forgotten: it keeps a lost record's term moving up), and whether this silo holds it.
    private readonly Dictionary<string, int> _highestTerm = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    // What the leader gauge reads (from the exporter's thread): replaced after every campaign.
    private volatile string[] _heldNow = [];
    private GrainTimer? _timer;
    private DateTimeOffset _nextCampaign;
    private int _campaigning;
    private DateTimeOffset? _lastResync;
    private int _resyncAgain;
    private readonly HashSet<SiloAddress> _dead = [];
    private int _deaths;

    // Per lease: the silo deaths its leader (this silo) has relisted for. Kept per lease, and moved only while holding it,
    // so a silo that takes a lease after the dead silo held it still relists (and so re-hosts the kubelets) at once.
    private readonly Dictionary<string, int> _deathsRelisted = new(StringComparer.Ordinal);

    // Leases whose last relist failed (a call lost to a grain of the dead silo, a list that timed out): the next campaign
    // relists again rather than leave a pod whose message died with the silo waiting for good.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _relistAgain = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The leases this silo holds as of its last campaign.</summary>
    public IReadOnlyCollection<string> HeldLeases => _heldNow;

    /// <summary>Upstream's identity shape: the host (this silo's control-plane node, whose pods are the leader's), then a unique suffix.</summary>
    public string Identity { get; } = $"{controlPlane.NodeName}_{Guid.NewGuid():N}";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ControlPlaneHost), ServiceLifecycleStage.Active, _ =>
        {
            using (ExecutionContext.SuppressFlow())
            {
                StartAsync().Ignore();
            }

            return Task.CompletedTask;
        }, _ =>
        {
            _timer?.Dispose();
            _stopping.Cancel();
            metrics.Leadership.Remove(this);
            return Task.CompletedTask;
        });

    /// <summary>Campaigns once the initial silos are there (at once with one), so the loops' grains spread over them.</summary>
    private async Task StartAsync()
    {
        await initialSilos.JoinedAsync();
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _timer = new GrainTimer(clock, CampaignTickAsync);
        _nextCampaign = clock.Time.GetUtcNow();
        _timer.WakeAt(_nextCampaign);
        metrics.Leadership.Add(this, () => Leases.Select(lease => (lease, Identity, _heldNow.Contains(lease))).ToList());
        WatchMembershipAsync().Ignore();
    }

    private async Task WatchMembershipAsync()
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status == SiloStatus.Dead && _dead.Add(member.SiloAddress))
                    {
                        Interlocked.Increment(ref _deaths);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Every retry period on the simulation clock (a late tick does not catch up on the ones it missed).</summary>
    private Task CampaignTickAsync()
    {
        var now = clock.Time.GetUtcNow();
        _nextCampaign += LeaderElection.RetryPeriod;
        if (_nextCampaign <= now)
        {
            _nextCampaign = now + LeaderElection.RetryPeriod;
        }

        _timer?.WakeAt(_nextCampaign);
        quiescence.Run(static host => host.CampaignAsync(), this, nameof(ControlPlaneHost) + ".Campaign");
        return Task.CompletedTask;
    }

    private async Task CampaignAsync()
    {
        if (Interlocked.Exchange(ref _campaigning, 1) == 1)
        {
            return; // the previous attempt is still out
        }

        try
        {
            if (store.State == StoreState.Lost)
            {
                // Nothing the leaders would act on can be trusted: step down, and let the leases lapse.
                if (_held.Count > 0)
                {
                    LogSteppedDown(logger, Identity, store.Reason ?? "");
                    foreach (var lease in _held)
                    {
                        controlPlane.LeaseLost(lease, store.Reason ?? "");
                    }

                    _held.Clear();
                    _heldNow = [];
                }

                return;
            }

            var deaths = Volatile.Read(ref _deaths);
            foreach (var name in Leases)
            {
                var relist = deaths != _deathsRelisted.GetValueOrDefault(name) | _relistAgain.TryRemove(name, out _);
                var acquired = false;
                var lastSeen = _highestTerm.TryGetValue(name, out var term) ? term : (int?)null;
                var grant = await grains.Get<ILeaseGrain>(ObjectKey.For(Kinds.Lease, LeaderElection.Namespace, name).ToString()).CampaignAsync(Identity, lastSeen);
                if (grant.Holder is not null)
                {
                    _highestTerm[name] = Math.Max(grant.Term, lastSeen ?? grant.Term);
                }

                if (!grant.Held)
                {
                    if (_held.Remove(name))
                    {
                        controlPlane.LeaseLost(name, $"the lease is held by {grant.Holder}");
                    }

                    if (name == LeaderElection.ControllerManager)
                    {
                        _lastResync = null;
                    }
                }
                else if (_held.Add(name))
                {
                    LogBecameLeader(logger, name, Identity, grant.Term);
                    controlPlane.LeaseAcquired(name);
                    if (name == LeaderElection.Scheduler)
                    {
                        controlPlane.Log(name, 'I', "shards.go:77", $"\"Leading scheduler shards\" shards={schedulers.SchedulerNames.Sum(p => schedulers.AllShards(p).Count())} term={grant.Term}");
                    }
                    else
                    {
                        // A new leader's pod garbage collection: the mirror pods of silos that are gone.
                        RelistDetached(name, RemoveGoneMirrorPodsAsync);
                        acquired = true;
                    }
                }
                if (grant.Held && name == LeaderElection.ControllerManager)
                {
                    var renewed = grant.RenewTime ?? clock.Time.GetUtcNow();
                    await grains.Get<INodeLifecycleControllerGrain>(0).LeadAsync(Identity, grant.Term, renewed);
                    await grains.Get<IGarbageCollectorGrain>(0).LeadAsync(Identity, grant.Term, renewed);
                    if (relist)
                    {
                        _lastResync = null;

                        // A bind's message to its kubelet may have died with the silo: every kubelet relists its pods. A kubelet
                        // whose grain died with the silo is re-hosted by this call (it reloads its node and renews its lease)
                        // instead of waiting for something else to wake it.
                        RelistDetached(name, RelistKubeletsAsync);
                        if (!acquired)
                        {
                            // (a leader that just took the lease removes them already: two passes would race on the same pods)
                            RelistDetached(name, RemoveGoneMirrorPodsAsync);
                        }
                        _deathsRelisted[name] = deaths;
                        LogRelisted(logger, name, deaths);
                    }

                    ResyncIfDue();
                }

                if (grant.Held && name == LeaderElection.Scheduler)
                {
                    var renewed = grant.RenewTime ?? clock.Time.GetUtcNow();
                    foreach (var shard in schedulers.SchedulerNames.SelectMany(schedulers.AllShards))
                    {
                        grains.Get<ISchedulerShardGrain>(shard.ToString()).LeadAsync(Identity, grant.Term, renewed).Ignore();
                    }

                    if (relist)
                    {
                        RelistDetached(name, RelistShardsAsync);
                    }

                    _deathsRelisted[name] = deaths;
                }
            }

            _heldNow = [.. _held];
        }
        catch (Exception e)
        {
            // A silo going away mid-campaign, a grain not yet reachable: the next retry period tries again.
            LogCampaignFailed(logger, e.Message);
        }
        finally
        {
            Volatile.Write(ref _campaigning, 0);
        }
    }

    /// <summary>
    /// The informers' replay, off the campaign's turn as the relists are. One that fails (a list or a hand-over lost to a
    /// grain of a dead silo) is done again at the next campaign: until it succeeds, a workload whose notification died
    /// with its controller's silo would wait for the next resync period (hours) to be reconciled.
    /// </summary>
    private void ResyncIfDue()
    {
        var now = clock.Time.GetUtcNow();
        if (Interlocked.Exchange(ref _resyncAgain, 0) == 0 && _lastResync is { } last && now - last < options.Value.MinResyncPeriod)
        {
            return;
        }

        _lastResync = now;
        quiescence.Run(static host => host.ResyncAsync(), this, nameof(ControlPlaneHost) + ".Resync");
    }

    private async Task ResyncAsync()
    {
        try
        {
            var count = await ControllerGrains.ResyncAsync(grains);
            LogResynced(logger, count);
            controlPlane.Log(LeaderElection.ControllerManager, 'I', "resync.go:58", $"\"Resync: workloads handed to their controllers\" count={count}");
        }
        catch (Exception e)
        {
            Volatile.Write(ref _resyncAgain, 1);
            LogResyncFailed(logger, e.Message.Split('\n')[0]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resync failed, tried again at the next campaign: {Reason}")]
    private static partial void LogResyncFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resync: {Count} workloads handed to their controllers")]
    private static partial void LogResynced(ILogger logger, int count);

    /// <summary>A relist off the campaign's turn (a cluster's worth of lists must not hold the lease's renewal); one that fails is done again at the next campaign.</summary>
    private void RelistDetached(string lease, Func<Task> relist) =>
        quiescence.Run(static work => work.Host.RelistAsync(work.Lease, work.Relist), (Host: this, Lease: lease, Relist: relist), nameof(ControlPlaneHost) + ".Relist");

    private async Task RelistAsync(string lease, Func<Task> relist)
    {
        try
        {
            await relist();
        }
        catch (Exception e)
        {
            _relistAgain[lease] = true;
            LogRelistFailed(logger, lease, e.Message.Split('\n')[0]);
        }
    }

    private async Task RelistKubeletsAsync()
    {
        var nodes = await grains.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.Node.Plural, null));
        await Task.WhenAll(nodes.Select(node => grains.Get<INodeGrain>(ObjectKey.For(Kinds.Node, null, node.Metadata.Name!).ToString()).RelistPodsAsync()));
    }

    private async Task RemoveGoneMirrorPodsAsync()
    {
        var live = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is SiloStatus.Active or SiloStatus.Joining)
            .Select(m => Manifests.ControlPlane.ControlPlaneManifests.NodeName(m.SiloAddress.Endpoint))
            .ToHashSet(StringComparer.Ordinal);
        if (await controlPlane.RemoveGoneAsync(live) is > 0 and var removed)
        {
            controlPlane.Log(LeaderElection.ControllerManager, 'I', "gc_controller.go:221", $"\"Deleted mirror pods of control-plane nodes that are gone\" count={removed}");
        }
    }

    private Task RelistShardsAsync() =>
        Task.WhenAll(schedulers.SchedulerNames.SelectMany(schedulers.AllShards).Select(shard => grains.Get<ISchedulerShardGrain>(shard.ToString()).RelistAsync()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relist as leader of lease {Lease} failed, tried again at the next campaign: {Reason}")]
    private static partial void LogRelistFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relisted as leader of lease {Lease} after {Deaths} silo death(s)")]
    private static partial void LogRelisted(ILogger logger, string lease, int deaths);

    [LoggerMessage(Level = LogLevel.Information, Message = "Became leader of lease {Lease} as {Identity}, term {Term}")]
    private static partial void LogBecameLeader(ILogger logger, string lease, string identity, int term);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Identity} steps down from every lease: {Reason}")]
    private static partial void LogSteppedDown(ILogger logger, string identity, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election attempt failed: {Reason}")]
    private static partial void LogCampaignFailed(ILogger logger, string reason);
}
