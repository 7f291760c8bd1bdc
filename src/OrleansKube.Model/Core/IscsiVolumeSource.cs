namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 ISCSIVolumeSource (stored and returned as written).</summary>
public sealed record IscsiVolumeSource
{
    public string? TargetPortal { get; set; }

    public string? Iqn { get; set; }

    public int? Lun { get; set; }

    public string? IscsiInterface { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public List<string>? Portals { get; set; }

    public bool? ChapAuthDiscovery { get; set; }

    public bool? ChapAuthSession { get; set; }

    public LocalObjectReference? SecretRef { get; set; }

    public string? InitiatorName { get; set; }
}
