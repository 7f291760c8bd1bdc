namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 DownwardAPIProjection (stored and returned as written).</summary>
public sealed record DownwardApiProjection
{
    public List<DownwardApiVolumeFile>? Items { get; set; }
}
