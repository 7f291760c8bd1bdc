namespace OrleansKube.Model.Core;

public sealed record HostPathVolumeSource
{
    public string Path { get; set; } = "";

    public string? Type { get; set; }
}
