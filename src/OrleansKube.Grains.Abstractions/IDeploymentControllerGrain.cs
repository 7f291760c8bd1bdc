namespace OrleansKube.Grains.Abstractions;

/// <summary>The Deployment controller of one Deployment.</summary>
[Alias("OrleansKube.IDeploymentControllerGrain")]
public interface IDeploymentControllerGrain : IControllerGrain;
