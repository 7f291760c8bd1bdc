namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 AzureFileVolumeSource (stored and returned as written).</summary>
public sealed record AzureFileVolumeSource
{
    public string? SecretName { get; set; }

    public string? ShareName { get; set; }

    public bool? ReadOnly { get; set; }
}
