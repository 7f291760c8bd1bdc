using OrleansKube.Control.Leadership;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Coordination;

namespace OrleansKube.Grains.Objects;

/// <summary>A leader-election Lease: a plain object to readers, and the one place acquire-or-renew is decided (one turn at a time).</summary>
public sealed class LeaseGrain(SimulationClock clock) : ObjectGrainBase(clock.Time), ILeaseGrain
{
    // A record lost with a silo may have been renewed just before: nobody takes it for a lease duration.
    private DateTimeOffset _lostRecordFreeAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lostRecordFreeAt = clock.Time.GetUtcNow() + LeaderElection.LeaseDuration;
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<LeaseGrant> CampaignAsync(string identity, int? lastSeenTerm)
    {
        var now = Now;
        var current = Current as Lease;
        var (spec, held) = LeaderElection.TryAcquireOrRenew(current?.Spec, identity, now, lastSeenTerm, _lostRecordFreeAt);
        if (spec is null)
        {
            return new LeaseGrant(false, null, lastSeenTerm ?? 0, null);
        }

        if (current is null)
        {
            await CreateAsync(new HandedOver(new Lease
            {
                ApiVersion = Kinds.Lease.ApiVersion,
                Kind = Kinds.Lease.Kind,
                Metadata = new ObjectMeta { Name = Key.Name, Namespace = Key.Namespace },
                Spec = spec,
            }));
        }
        else if (!ReferenceEquals(spec, current.Spec))
        {
            await StoreAsync(ObjectLifecycle.Touch(current with { Spec = spec }));
        }

        return new LeaseGrant(held, spec.HolderIdentity, spec.LeaseTransitions ?? 0, spec.RenewTime);
    }
}
