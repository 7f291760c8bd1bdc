namespace OrleansKube.Grains.Abstractions;

/// <summary>The CronJob controller of one CronJob.</summary>
[Alias("OrleansKube.ICronJobControllerGrain")]
public interface ICronJobControllerGrain : IControllerGrain;
