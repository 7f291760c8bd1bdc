namespace OrleansKube.Model.Core;

public enum PersistentVolumeMode
{
    Block,
    Filesystem,
}
