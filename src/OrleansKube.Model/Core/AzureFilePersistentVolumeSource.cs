namespace OrleansKube.Model.Core;

/// <summary>An Azure File share of a PersistentVolume (stored as written).</summary>
public sealed record AzureFilePersistentVolumeSource
{
    public string SecretName { get; set; } = "";

    public string ShareName { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public string? SecretNamespace { get; set; }
}
