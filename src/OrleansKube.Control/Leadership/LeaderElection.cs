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
    /// it holds it. Another holder's unexpired lease is left alone.
    /// </summary>
    public static (LeaseSpec Spec, bool Held) TryAcquireOrRenew(LeaseSpec? current, string identity, DateTimeOffset now, int lastSeenTerm)
    {
        var duration = (int)LeaseDuration.TotalSeconds;
        if (current is null || string.IsNullOrEmpty(current.HolderIdentity))
        {
            var term = Math.Max(current?.LeaseTransitions ?? 0, lastSeenTerm) + (current is null && lastSeenTerm == 0 ? 0 : 1);
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
            LeaseTransitions = Math.Max(current.LeaseTransitions ?? 0, lastSeenTerm) + 1,
        }, true);
    }

    public static bool IsExpired(LeaseSpec spec, DateTimeOffset now) =>
        spec.RenewTime is not { } renewed || renewed + TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)LeaseDuration.TotalSeconds) <= now;
}
