using OrleansKube.Control.Leadership;

namespace OrleansKube.Tests.Leadership;

public class LeaderElectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAcquireOrRenew_NoLease_FirstCandidateTakesItAtTermZero()
    {
        var (spec, held) = LeaderElection.TryAcquireOrRenew(null, "silo-a", T0, lastSeenTerm: null);

        Assert.True(held);
        Assert.Equal(("silo-a", 15, T0, T0, 0), (spec!.HolderIdentity, spec.LeaseDurationSeconds, spec.AcquireTime, spec.RenewTime, spec.LeaseTransitions));
    }

    [Fact]
    public void TryAcquireOrRenew_HeldAndFresh_OthersWaitAndTheHolderRenews()
    {
        var (lease, _) = LeaderElection.TryAcquireOrRenew(null, "silo-a", T0, null);

        var (other, otherHeld) = LeaderElection.TryAcquireOrRenew(lease, "silo-b", T0.AddSeconds(14), null);
        var (renewed, renewHeld) = LeaderElection.TryAcquireOrRenew(lease, "silo-a", T0.AddSeconds(2), null);

        Assert.False(otherHeld);
        Assert.Same(lease, other);
        Assert.True(renewHeld);
        Assert.Equal((T0, T0.AddSeconds(2), 0), (renewed!.AcquireTime, renewed.RenewTime, renewed.LeaseTransitions));
    }

    [Fact]
    public void TryAcquireOrRenew_Expired_AnotherTakesItAndTheTermMoves()
    {
        var (lease, _) = LeaderElection.TryAcquireOrRenew(null, "silo-a", T0, null);

        var (taken, held) = LeaderElection.TryAcquireOrRenew(lease, "silo-b", T0.AddSeconds(15), null);

        Assert.True(held);
        Assert.Equal(("silo-b", T0.AddSeconds(15), 1), (taken!.HolderIdentity, taken.AcquireTime, taken.LeaseTransitions));
    }

    [Fact]
    public void TryAcquireOrRenew_RecordLost_NewRecordStartsAboveTheTermCandidatesSaw()
    {
        // The silo holding the Lease died with it; the survivor last saw term 4. The record's keeper came back at T0.
        var freeAt = T0 + LeaderElection.LeaseDuration;
        var (early, earlyHeld) = LeaderElection.TryAcquireOrRenew(null, "silo-b", T0.AddSeconds(14), lastSeenTerm: 4, freeAt);
        var (spec, held) = LeaderElection.TryAcquireOrRenew(null, "silo-b", freeAt, lastSeenTerm: 4, freeAt);

        Assert.Equal((null, false), (early, earlyHeld));
        Assert.True(held);
        Assert.Equal(5, spec!.LeaseTransitions);
    }

    [Fact]
    public void Accept_StaleTermOrOtherHolderOfTheSameTerm_IsRefused()
    {
        var term = new LeaderTerm();
        Assert.True(term.Accept("silo-a", 1, T0));
        Assert.True(term.Leading(T0.AddSeconds(9)));
        Assert.False(term.Leading(T0 + LeaderElection.RenewDeadline));

        Assert.True(term.Accept("silo-b", 2, T0.AddSeconds(20)));
        Assert.False(term.Accept("silo-a", 1, T0.AddSeconds(21)));
        Assert.False(term.Accept("silo-c", 2, T0.AddSeconds(21)));
        Assert.Equal(("silo-b", 2), (term.Holder, term.Term));
        Assert.True(term.Leading(T0.AddSeconds(29)));
    }
}
