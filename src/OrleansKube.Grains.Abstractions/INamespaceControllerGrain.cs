using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>The namespace controller of one namespace (keyed by its <see cref="ObjectKey"/>): empties it while it is Terminating.</summary>
[Alias("OrleansKube.INamespaceControllerGrain")]
public interface INamespaceControllerGrain : IGrainWithStringKey
{
    /// <summary>The namespace as stored now (sent when a terminating namespace changes, and by the resync).</summary>
    [OneWay]
    [Alias("NamespaceChanged")]
    Task NamespaceChangedAsync(Immutable<KubeObject> ns);

    /// <summary>The controller-manager's resync of a terminating namespace: as <see cref="NamespaceChangedAsync"/>, but answered.</summary>
    [Alias("Resync")]
    Task ResyncAsync(Immutable<KubeObject> ns);

    /// <summary>Asks for the next turn (its own continuation, or its recheck).</summary>
    [OneWay]
    [Alias("Sync")]
    Task SyncAsync();
}
