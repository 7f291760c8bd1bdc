namespace OrleansKube.Grains.Abstractions;

/// <summary>The StatefulSet controller of one StatefulSet.</summary>
[Alias("OrleansKube.IStatefulSetControllerGrain")]
public interface IStatefulSetControllerGrain : IControllerGrain;
