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

    /// <summary>Images already on the pool's nodes (listed in node status; pods using them start without a pull).</summary>
    public List<string>? Images { get; set; }

    /// <summary>The kubelets' <c>--eviction-hard</c> (<c>memory.available&lt;100Mi</c> when unset).</summary>
    public string? EvictionHard { get; set; }

    /// <summary>The kubelets' <c>--eviction-soft</c> (<c>memory.available&lt;1Gi</c>).</summary>
    public string? EvictionSoft { get; set; }

    /// <summary>The kubelets' <c>--eviction-soft-grace-period</c> (<c>memory.available=1m30s</c>).</summary>
    public string? EvictionSoftGracePeriod { get; set; }

    /// <summary>The simulated kubelet settings as its nodes carry them (annotations, see <see cref="Simulation.NodeSimulation"/>).</summary>
    public Dictionary<string, string>? KubeletAnnotations()
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (EvictionHard is { } hard)
        {
            annotations[Simulation.NodeSimulation.EvictionHardKey] = hard;
        }

        if (EvictionSoft is { } soft)
        {
            annotations[Simulation.NodeSimulation.EvictionSoftKey] = soft;
        }

        if (EvictionSoftGracePeriod is { } grace)
        {
            annotations[Simulation.NodeSimulation.EvictionSoftGracePeriodKey] = grace;
        }

        return annotations.Count == 0 ? null : annotations;
    }
}
