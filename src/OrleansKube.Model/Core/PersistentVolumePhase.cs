namespace OrleansKube.Model.Core;

public enum PersistentVolumePhase
{
    Pending,
    Available,
    Bound,
    Released,
    Failed,
}
