namespace OrleansKube.Model.Core;

/// <summary>A StorageOS volume of a PersistentVolume (stored as written).</summary>
public sealed record StorageOSPersistentVolumeSource
{
    public string? VolumeName { get; set; }

    public string? VolumeNamespace { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public ObjectReference? SecretRef { get; set; }
}
