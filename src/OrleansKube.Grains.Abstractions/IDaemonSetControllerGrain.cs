using Orleans.Concurrency;
using OrleansKube.Model.Core;

namespace OrleansKube.Grains.Abstractions;

/// <summary>The DaemonSet controller of one DaemonSet; it also follows the cluster's nodes.</summary>
[Alias("OrleansKube.IDaemonSetControllerGrain")]
public interface IDaemonSetControllerGrain : IControllerGrain
{
    [OneWay]
    [Alias("NodeChanged")]
    Task NodeChangedAsync(Immutable<Node> node);

    [OneWay]
    [Alias("NodeRemoved")]
    Task NodeRemovedAsync(string name);
}
