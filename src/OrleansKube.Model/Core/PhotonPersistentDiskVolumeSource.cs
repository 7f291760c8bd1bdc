namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 PhotonPersistentDiskVolumeSource (stored and returned as written).</summary>
public sealed record PhotonPersistentDiskVolumeSource
{
    public string? PdID { get; set; }

    public string? FsType { get; set; }
}
