namespace OrleansKube.Model.Core;

/// <summary>A FlexVolume driver's volume of a PersistentVolume (stored as written).</summary>
public sealed record FlexPersistentVolumeSource
{
    public string Driver { get; set; } = "";

    public string? FsType { get; set; }

    public SecretReference? SecretRef { get; set; }

    public bool? ReadOnly { get; set; }

    public Dictionary<string, string>? Options { get; set; }
}
