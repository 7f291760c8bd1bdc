namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 DownwardAPIVolumeSource (stored and returned as written).</summary>
public sealed record DownwardApiVolumeSource
{
    public List<DownwardApiVolumeFile>? Items { get; set; }

    public int? DefaultMode { get; set; }
}
