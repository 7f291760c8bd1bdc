namespace OrleansKube.Model.Core;

public sealed record LocalVolumeSource
{
    public string Path { get; set; } = "";

    public string? FsType { get; set; }
}
