using Orleans.Concurrency;
using OrleansKube.Model.Core;

namespace OrleansKube.Grains.Abstractions;

/// <summary>The DaemonSets that exist (key 0), told of node changes that matter to placement, which it passes on to each.</summary>
[Alias("OrleansKube.IDaemonSetRegistryGrain")]
public interface IDaemonSetRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task RegisterAsync(string daemonSetKey);

    [OneWay]
    [Alias("Unregister")]
    Task UnregisterAsync(string daemonSetKey);

    [OneWay]
    [Alias("NodeChanged")]
    Task NodeChangedAsync(Immutable<Node> node);

    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string name);
}
