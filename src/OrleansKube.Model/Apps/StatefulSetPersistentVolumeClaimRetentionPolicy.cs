namespace OrleansKube.Model.Apps;

public sealed record StatefulSetPersistentVolumeClaimRetentionPolicy
{
    public PersistentVolumeClaimRetentionPolicyType? WhenDeleted { get; set; }

    public PersistentVolumeClaimRetentionPolicyType? WhenScaled { get; set; }
}
