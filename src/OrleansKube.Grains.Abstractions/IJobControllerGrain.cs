namespace OrleansKube.Grains.Abstractions;

/// <summary>The Job controller of one Job.</summary>
[Alias("OrleansKube.IJobControllerGrain")]
public interface IJobControllerGrain : IControllerGrain;
