namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 DownwardAPIVolumeFile (stored and returned as written).</summary>
public sealed record DownwardApiVolumeFile
{
    public string? Path { get; set; }

    public ObjectFieldSelector? FieldRef { get; set; }

    public ResourceFieldSelector? ResourceFieldRef { get; set; }

    public int? Mode { get; set; }
}
