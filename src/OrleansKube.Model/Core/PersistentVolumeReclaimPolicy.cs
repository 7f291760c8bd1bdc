namespace OrleansKube.Model.Core;

public enum PersistentVolumeReclaimPolicy
{
    Recycle,
    Delete,
    Retain,
}
