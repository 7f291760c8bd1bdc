using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>One API object's authoritative copy, keyed by <see cref="ObjectKey"/>.</summary>
[Alias("OrleansKube.IObjectGrain")]
public interface IObjectGrain : IGrainWithStringKey
{
    /// <summary>Stores a new object (uid, resourceVersion 1, generation 1), finished in place; AlreadyExists if it exists.</summary>
    [Alias("Create")]
    Task<KubeObject> CreateAsync(HandedOver obj);

    [Alias("Get")]
    Task<KubeObject?> GetAsync();

    /// <summary>Replaces spec and metadata; Conflict when <paramref name="obj"/> carries a stale resourceVersion.</summary>
    [Alias("Update")]
    Task<KubeObject> UpdateAsync(KubeObject obj);

    /// <summary>The status subresource (controllers' writes): only status (and a Deployment's annotations) change; Conflict when stale.</summary>
    [Alias("UpdateStatus")]
    Task<KubeObject> UpdateStatusAsync(KubeObject obj);

    /// <summary>
    /// Deletes with a propagation policy: Background removes the object (its dependents are collected after);
    /// Foreground and Orphan mark it for deletion with their finalizer, and the garbage collector finishes.
    /// </summary>
    [Alias("DeleteWithPropagation")]
    Task<KubeObject> DeleteWithPropagationAsync(DeletionPropagation propagation);

    /// <summary>Deletes the object; returns what was deleted. NotFound if it does not exist.</summary>
    [Alias("Delete")]
    Task<KubeObject> DeleteAsync();

    /// <summary>
    /// After a write whose answer the store never gave (it may or may not have landed): reads what the store holds and
    /// makes the grain, its index shard and the watch cache agree with it. Called by the grain's own timer.
    /// </summary>
    [Alias("SettleWithStore")]
    Task SettleWithStoreAsync();
}
