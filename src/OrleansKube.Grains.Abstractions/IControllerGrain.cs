using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The reconcile loop of one workload, keyed by the workload's <see cref="ObjectKey"/>. Level-triggered: every
/// message only updates what the controller has seen and asks for a pass; a pass compares desired and observed
/// state and acts, whatever the message was.
/// </summary>
[Alias("OrleansKube.IControllerGrain")]
public interface IControllerGrain : IGrainWithStringKey
{
    /// <summary>The workload was created or changed (spec or status).</summary>
    [OneWay]
    [Alias("ObjectChanged")]
    Task ObjectChangedAsync(Immutable<KubeObject> workload);

    /// <summary>
    /// The controller-manager's resync: as <see cref="ObjectChangedAsync"/>, but answered, so a hand-over lost with a
    /// silo fails the resync (which is then done again) instead of vanishing.
    /// </summary>
    [Alias("Resync")]
    Task ResyncAsync(Immutable<KubeObject> workload);

    /// <summary>The workload is gone.</summary>
    [OneWay]
    [Alias("ObjectDeleted")]
    Task ObjectDeletedAsync();

    /// <summary>An object the workload controls (or controlled until now) changed.</summary>
    [OneWay]
    [Alias("ChildChanged")]
    Task ChildChangedAsync(Immutable<KubeObject> child);

    /// <summary>An object the workload controlled is gone or no longer its own.</summary>
    [OneWay]
    [Alias("ChildRemoved")]
    Task ChildRemovedAsync(string name);

    /// <summary>Asks for a pass (a resync, or the controller's own requeue).</summary>
    [OneWay]
    [Alias("Sync")]
    Task SyncAsync();
}
