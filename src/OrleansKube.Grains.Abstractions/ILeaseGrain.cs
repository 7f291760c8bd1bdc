namespace OrleansKube.Grains.Abstractions;

/// <summary>A coordination.k8s.io Lease used for leader election (kube-system's): the object, and acquire-or-renew as one step.</summary>
[Alias("OrleansKube.ILeaseGrain")]
public interface ILeaseGrain : IObjectGrain
{
    /// <summary>
    /// client-go's tryAcquireOrRenew for <paramref name="identity"/>; <paramref name="lastSeenTerm"/> is the highest
    /// term the candidate has seen (null: it never saw the Lease), so a Lease record lost with a silo restarts above it, after a lease duration.
    /// </summary>
    [Alias("Campaign")]
    Task<LeaseGrant> CampaignAsync(string identity, int? lastSeenTerm);
}
