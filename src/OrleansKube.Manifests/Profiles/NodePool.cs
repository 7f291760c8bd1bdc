namespace OrleansKube.Manifests.Profiles;

/// <summary>A group of identical simulated nodes, spread round-robin across its zones.</summary>
public sealed record NodePool
{
    public string Name { get; set; } = "";

    public int Count { get; set; }

    public List<string>? Zones { get; set; }

    public string? Region { get; set; }

    public string? InstanceType { get; set; }

    public string? OperatingSystem { get; set; }

    public string? Architecture { get; set; }

    public Dictionary<string, Quantity> Capacity { get; set; } = [];

    /// <summary>Defaults to <see cref="Capacity"/>.</summary>
    public Dictionary<string, Quantity>? Allocatable { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public List<Taint>? Taints { get; set; }
}
