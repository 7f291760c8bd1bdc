namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ScaleIOVolumeSource (stored and returned as written).</summary>
public sealed record ScaleIoVolumeSource
{
    public string? Gateway { get; set; }

    public string? System { get; set; }

    public LocalObjectReference? SecretRef { get; set; }

    public bool? SslEnabled { get; set; }

    public string? ProtectionDomain { get; set; }

    public string? StoragePool { get; set; }

    public string? StorageMode { get; set; }

    public string? VolumeName { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }
}
