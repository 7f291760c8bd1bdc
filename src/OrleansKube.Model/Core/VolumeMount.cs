namespace OrleansKube.Model.Core;

public sealed record VolumeMount
{
    public string Name { get; set; } = "";

    public bool? ReadOnly { get; set; }

    // Stored and returned as written: the simulation mounts nothing.
    public RecursiveReadOnlyMode? RecursiveReadOnly { get; set; }

    public string MountPath { get; set; } = "";

    public string? SubPath { get; set; }

    public MountPropagationMode? MountPropagation { get; set; }

    public string? SubPathExpr { get; set; }
}
