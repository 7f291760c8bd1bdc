namespace OrleansKube.Model.Core;

public sealed record VolumeMountStatus
{
    public string Name { get; set; } = "";

    public string MountPath { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public RecursiveReadOnlyMode? RecursiveReadOnly { get; set; }
}
