namespace OrleansKube.Model.Core;

public enum PersistentVolumeAccessMode
{
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod,
}
