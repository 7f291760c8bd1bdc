using Microsoft.Extensions.Logging;
using OrleansKube.Control.Leadership;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Every silo's control-plane host: campaigns for <c>kube-system/kube-controller-manager</c> and
/// <c>kube-system/kube-scheduler</c> every retry period (2 s on the simulation clock), as client-go's leader
/// elector does, and hands the controller-manager's term to the leader-only loops (the node lifecycle
/// controller, the garbage collector), which refuse a stale term and stop acting when the mandate is not renewed.
/// </summary>
public sealed partial class ControlPlaneHost(IGrainFactory grains, SimulationClock clock, ILocalSiloDetails silo, ILogger<ControlPlaneHost> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly string[] Leases = [LeaderElection.ControllerManager, LeaderElection.Scheduler];

    private readonly Dictionary<string, LeaseGrant> _seen = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private int _campaigning;

    /// <summary>Upstream's identity shape: the host, then a unique suffix.</summary>
    public string Identity { get; } = $"{silo.SiloAddress.Endpoint}_{Guid.NewGuid():N}";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ControlPlaneHost), ServiceLifecycleStage.Active, _ =>
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = clock.Time.CreateTimer(_ => CampaignAsync().Ignore(), null, TimeSpan.Zero, LeaderElection.RetryPeriod);
            }

            return Task.CompletedTask;
        }, _ =>
        {
            _timer?.Dispose();
            return Task.CompletedTask;
        });

    private async Task CampaignAsync()
    {
        if (Interlocked.Exchange(ref _campaigning, 1) == 1)
        {
            return; // the previous attempt is still out
        }

        try
        {
            foreach (var name in Leases)
            {
                var lastSeen = _seen.TryGetValue(name, out var seen) ? seen.Term : 0;
                var grant = await grains.Get<ILeaseGrain>(ObjectKey.For(Kinds.Lease, LeaderElection.Namespace, name).ToString()).CampaignAsync(Identity, lastSeen);
                if (grant.Held && seen?.Held != true)
                {
                    LogBecameLeader(logger, name, Identity, grant.Term);
                }

                _seen[name] = grant;
                if (grant.Held && name == LeaderElection.ControllerManager)
                {
                    var renewed = grant.RenewTime ?? clock.Time.GetUtcNow();
                    await grains.Get<INodeLifecycleControllerGrain>(0).LeadAsync(Identity, grant.Term, renewed);
                    await grains.Get<IGarbageCollectorGrain>(0).LeadAsync(Identity, grant.Term, renewed);
                }
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A silo going away mid-campaign: the next retry period tries again.
            LogCampaignFailed(logger, e.Message);
        }
        finally
        {
            Volatile.Write(ref _campaigning, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Became leader of lease {Lease} as {Identity}, term {Term}")]
    private static partial void LogBecameLeader(ILogger logger, string lease, string identity, int term);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leader election attempt failed: {Reason}")]
    private static partial void LogCampaignFailed(ILogger logger, string reason);
}
