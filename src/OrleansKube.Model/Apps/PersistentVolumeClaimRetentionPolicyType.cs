namespace OrleansKube.Model.Apps;

public enum PersistentVolumeClaimRetentionPolicyType
{
    Retain,
    Delete,
}
