namespace OrleansKube.Model.Core;

/// <summary>A Glusterfs mount of a PersistentVolume (stored as written).</summary>
public sealed record GlusterfsPersistentVolumeSource
{
    public string Endpoints { get; set; } = "";

    public string Path { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public string? EndpointsNamespace { get; set; }
}
