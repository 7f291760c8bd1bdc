namespace OrleansKube.Grains.Abstractions;

/// <summary>The horizontal pod autoscaler controller of one HorizontalPodAutoscaler.</summary>
[Alias("OrleansKube.IHorizontalPodAutoscalerControllerGrain")]
public interface IHorizontalPodAutoscalerControllerGrain : IControllerGrain;
