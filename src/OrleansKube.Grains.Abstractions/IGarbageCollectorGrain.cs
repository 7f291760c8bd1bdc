using Orleans.Concurrency;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The garbage collector (one per cluster, key 0), run for the elected controller-manager: it deletes the
/// dependents of owners deleted in the background, and finishes foreground and orphaning deletions.
/// </summary>
[Alias("OrleansKube.IGarbageCollectorGrain")]
public interface IGarbageCollectorGrain : IGrainWithIntegerKey
{
    /// <summary>An owner was removed (background propagation): its dependents are collected.</summary>
    [OneWay]
    [Alias("OwnerRemoved")]
    Task OwnerRemovedAsync(string ownerKey, string ownerUid);

    /// <summary>An owner is being deleted with the foregroundDeletion or orphan finalizer.</summary>
    [OneWay]
    [Alias("OwnerDeleting")]
    Task OwnerDeletingAsync(string ownerKey);

    /// <summary>The controller-manager leader's mandate (see <see cref="INodeLifecycleControllerGrain.LeadAsync"/>); pending work runs under it.</summary>
    [Alias("Lead")]
    Task<bool> LeadAsync(string holder, int term, DateTimeOffset renewTime);

    /// <summary>The collector's next slice of work, sent by itself so that calls waiting meanwhile go first.</summary>
    [OneWay]
    [Alias("Continue")]
    Task ContinueAsync();

    /// <summary>How many owners still wait for the collector.</summary>
    [Alias("Pending")]
    Task<int> PendingAsync();
}
