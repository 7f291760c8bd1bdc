namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 GitRepoVolumeSource (stored and returned as written).</summary>
public sealed record GitRepoVolumeSource
{
    public string? Repository { get; set; }

    public string? Revision { get; set; }

    public string? Directory { get; set; }
}
