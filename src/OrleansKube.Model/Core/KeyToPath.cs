namespace OrleansKube.Model.Core;

public sealed record KeyToPath
{
    public string Key { get; set; } = "";

    public string Path { get; set; } = "";

    public int? Mode { get; set; }
}
