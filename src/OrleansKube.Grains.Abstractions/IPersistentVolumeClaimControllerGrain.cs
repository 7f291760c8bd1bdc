namespace OrleansKube.Grains.Abstractions;

/// <summary>The volume binding (PersistentVolume controller) of one PersistentVolumeClaim.</summary>
[Alias("OrleansKube.IPersistentVolumeClaimControllerGrain")]
public interface IPersistentVolumeClaimControllerGrain : IControllerGrain;
