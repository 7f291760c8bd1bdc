namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 RBDVolumeSource (stored and returned as written).</summary>
public sealed record RbdVolumeSource
{
    public List<string>? Monitors { get; set; }

    public string? Image { get; set; }

    public string? FsType { get; set; }

    public string? Pool { get; set; }

    public string? User { get; set; }

    public string? Keyring { get; set; }

    public LocalObjectReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }
}
