namespace OrleansKube.Model.Core;

/// <summary>A Ceph filesystem mount of a PersistentVolume (stored as written).</summary>
public sealed record CephFSPersistentVolumeSource
{
    public List<string> Monitors { get; set; } = [];

    public string? Path { get; set; }

    public string? User { get; set; }

    public string? SecretFile { get; set; }

    public SecretReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }
}
