namespace OrleansKube.Model.Core;

/// <summary>Upstream's core/v1 VolumeDevice (stored and returned as written).</summary>
public sealed record VolumeDevice
{
    public string Name { get; set; } = "";

    public string? DevicePath { get; set; }
}
