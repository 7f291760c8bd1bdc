namespace OrleansKube.Grains.Abstractions;

/// <summary>A Service: allocated a ClusterIP (and node ports) when created, released when deleted.</summary>
[Alias("OrleansKube.IServiceGrain")]
public interface IServiceGrain : IObjectGrain;
