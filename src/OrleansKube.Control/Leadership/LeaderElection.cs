using OrleansKube.Model.Coordination;

namespace OrleansKube.Control.Leadership;

/// <summary>
/// client-go's leader election over a coordination.k8s.io Lease, with upstream's timings (lease 15 s, renew
/// deadline 10 s, retry 2 s). The term is the lease's leaseTransitions: it moves on every change of holder and
/// never goes backwards, even when the Lease record itself was lost — a new record starts above the highest
/// term any candidate has seen.
/// </summary>
public static class LeaderElection
{
    public const string Namespace = "kube-system";
    public const string ControllerManager = "kube-controller-manager";
    public const string Scheduler = "kube-scheduler";

    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// tryAcquireOrRenew: the lease as it should be stored after <paramref name="identity"/>'s attempt, and whether
    /// it holds it. Another holder's unexpired lease is left alone. A record that was lost (there is none, yet the
    /// candidate has seen one) is treated as held by someone unknown until <paramref name="lostRecordFreeAt"/>
    /// (a lease duration after the record's keeper came back), so a lost record never shortens a leader's lease;
    /// then the spec is null.
    /// </summary>
    public static (LeaseSpec? Spec, bool Held) TryAcquireOrRenew(LeaseSpec? current, string identity, DateTimeOffset now, int? lastSeenTerm, DateTimeOffset lostRecordFreeAt = default)
    {
        var duration = (int)LeaseDuration.TotalSeconds;
        if (current is null && lastSeenTerm is not null && now < lostRecordFreeAt)
        {
            return (null, false);
        }

        if (current is null || string.IsNullOrEmpty(current.HolderIdentity))
        {
            // The first record ever starts at 0; a lost or released one moves past every term seen.
            var term = current is null && lastSeenTerm is null ? 0 : Math.Max(current?.LeaseTransitions ?? 0, lastSeenTerm ?? 0) + 1;
            return (new LeaseSpec { HolderIdentity = identity, LeaseDurationSeconds = duration, AcquireTime = now, RenewTime = now, LeaseTransitions = term }, true);
        }

        if (current.HolderIdentity == identity)
        {
            return (current with { RenewTime = now, LeaseDurationSeconds = duration }, true);
        }

        if (!IsExpired(current, now))
        {
            return (current, false);
        }

        return (new LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = duration,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = Math.Max(current.LeaseTransitions ?? 0, lastSeenTerm ?? 0) + 1,
        }, true);
    }

    public static bool IsExpired(LeaseSpec spec, DateTimeOffset now) =>
        spec.RenewTime is not { } renewed || renewed + TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)LeaseDuration.TotalSeconds) <= now;
}
