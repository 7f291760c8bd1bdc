namespace OrleansKube.Model.Core;

/// <summary>An NFS export (stored as written).</summary>
public sealed record NfsVolumeSource
{
    public string Server { get; set; } = "";

    public string Path { get; set; } = "";

    public bool? ReadOnly { get; set; }
}
