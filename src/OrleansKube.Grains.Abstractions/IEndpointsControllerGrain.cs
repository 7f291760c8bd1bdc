using Orleans.Concurrency;
using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The endpoints controller of one Service (keyed by the Service's key): it watches the pods its selector matches, and
/// hears of the Endpoints of the Service's name, which it mirrors into EndpointSlices when the Service has no selector.
/// </summary>
[Alias("OrleansKube.IEndpointsControllerGrain")]
public interface IEndpointsControllerGrain : IControllerGrain, IObjectWatcherGrain
{
    /// <summary>The Endpoints of the Service's name were stored.</summary>
    [OneWay]
    [Alias("EndpointsChanged")]
    Task EndpointsChangedAsync(Immutable<KubeObject> endpoints);

    /// <summary>The Endpoints of the Service's name are gone.</summary>
    [OneWay]
    [Alias("EndpointsRemoved")]
    Task EndpointsRemovedAsync();
}
