namespace OrleansKube.Model.Core;

/// <summary>A volume attached to a node (stored as written: the simulation attaches none).</summary>
public sealed record AttachedVolume
{
    public string Name { get; set; } = "";

    public string DevicePath { get; set; } = "";
}
