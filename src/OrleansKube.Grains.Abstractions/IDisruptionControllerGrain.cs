namespace OrleansKube.Grains.Abstractions;

/// <summary>The disruption controller of one PodDisruptionBudget (keyed by the budget's key): it watches the pods its selector matches.</summary>
[Alias("OrleansKube.IDisruptionControllerGrain")]
public interface IDisruptionControllerGrain : IControllerGrain, IObjectWatcherGrain;
