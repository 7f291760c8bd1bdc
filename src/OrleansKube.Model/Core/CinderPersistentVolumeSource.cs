namespace OrleansKube.Model.Core;

/// <summary>An OpenStack Cinder volume of a PersistentVolume (stored as written).</summary>
public sealed record CinderPersistentVolumeSource
{
    public string VolumeID { get; set; } = "";

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public SecretReference? SecretRef { get; set; }
}
