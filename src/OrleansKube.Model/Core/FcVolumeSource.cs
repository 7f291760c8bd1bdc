namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 FCVolumeSource (stored and returned as written).</summary>
public sealed record FcVolumeSource
{
    public List<string>? TargetWWNs { get; set; }

    public int? Lun { get; set; }

    public string? FsType { get; set; }

    public bool? ReadOnly { get; set; }

    public List<string>? Wwids { get; set; }
}
