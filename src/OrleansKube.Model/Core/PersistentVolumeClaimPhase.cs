namespace OrleansKube.Model.Core;

public enum PersistentVolumeClaimPhase
{
    Pending,
    Bound,
    Lost,
}
