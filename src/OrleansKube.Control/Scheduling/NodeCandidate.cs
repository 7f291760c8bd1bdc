namespace OrleansKube.Control.Scheduling;

/// <summary>What placement needs to know of a node: its labels, taints, room and what is already placed on it.</summary>
public sealed class NodeCandidate(string name)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; set; } = [];

    public bool Unschedulable { get; set; }

    public ResourceList Allocatable { get; set; } = new();

    public ResourceList Requested { get; } = new();

    public int PodCount { get; set; }
}
