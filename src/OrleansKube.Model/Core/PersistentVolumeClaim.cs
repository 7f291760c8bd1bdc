namespace OrleansKube.Model.Core;

public sealed record PersistentVolumeClaim : KubeObject
{
    public PersistentVolumeClaimSpec? Spec { get; set; }

    public PersistentVolumeClaimStatus? Status { get; set; }
}
