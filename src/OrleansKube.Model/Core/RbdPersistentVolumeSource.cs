namespace OrleansKube.Model.Core;

/// <summary>A Rados block device of a PersistentVolume (stored as written).</summary>
public sealed record RbdPersistentVolumeSource
{
    public List<string> Monitors { get; set; } = [];

    public string Image { get; set; } = "";

    public string? FsType { get; set; }

    public string? Pool { get; set; }

    public string? User { get; set; }

    public string? Keyring { get; set; }

    public SecretReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }
}
