namespace OrleansKube.Model.Core;

public sealed record ConfigMapVolumeSource
{
    public string? Name { get; set; }

    public List<KeyToPath>? Items { get; set; }

    public int? DefaultMode { get; set; }

    public bool? Optional { get; set; }
}
