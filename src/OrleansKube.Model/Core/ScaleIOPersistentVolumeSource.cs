namespace OrleansKube.Model.Core;

/// <summary>A ScaleIO volume of a PersistentVolume (stored as written).</summary>
public sealed record ScaleIOPersistentVolumeSource
{
    public string Gateway { get; set; } = "";

    public string System { get; set; } = "";

    public SecretReference? SecretRef { get; set; }

    public bool? SslEnabled { get; set; }

    public string? ProtectionDomain { get; set; }

    public string? StoragePool { get; set; }

    public string? StorageMode { get; set; }

    public string? VolumeName { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }
}
