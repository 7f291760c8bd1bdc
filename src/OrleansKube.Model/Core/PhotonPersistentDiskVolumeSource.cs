namespace OrleansKube.Model.Core;

/// <summary>A Photon Controller persistent disk (stored as written).</summary>
public sealed record PhotonPersistentDiskVolumeSource
{
    public string PdID { get; set; } = "";

    public string? FsType { get; set; }
}
