namespace OrleansKube.Model.Core;

public sealed record VolumeMount
{
    public string Name { get; set; } = "";

    public string MountPath { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public string? SubPath { get; set; }
}
