namespace OrleansKube.Model.Core;

/// <summary>Where a claim's change of VolumeAttributesClass stands.</summary>
public enum PersistentVolumeClaimModifyVolumeStatus
{
    Pending,
    InProgress,
    Infeasible,
}
