namespace OrleansKube.Grains.Abstractions;

/// <summary>The endpoints controller of one Service (keyed by the Service's key): it watches the pods its selector matches.</summary>
[Alias("OrleansKube.IEndpointsControllerGrain")]
public interface IEndpointsControllerGrain : IControllerGrain, IObjectWatcherGrain;
