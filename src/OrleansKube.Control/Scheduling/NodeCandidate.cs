namespace OrleansKube.Control.Scheduling;

/// <summary>What placement needs to know of a node: its labels, taints, room and what is already placed on it.</summary>
public sealed class NodeCandidate(string name)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; set; } = [];

    public bool Unschedulable { get; set; }

    public ResourceList Allocatable { get; set; } = new();

    /// <summary>What the node's pods request: the kubelet's report plus pods assumed here and not yet reported.</summary>
    public ResourceList Requested { get; private set; } = new();

    public int PodCount { get; private set; }

    public ResourceList Reported { get; set; } = new();

    public HashSet<string> ReportedPods { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pods placed here by the scheduler that the kubelet has not reported yet.</summary>
    public Dictionary<string, ResourceList> Assumed { get; } = new(StringComparer.Ordinal);

    public void Recompute()
    {
        var requested = new ResourceList(Reported.Amounts);
        foreach (var assumed in Assumed.Values)
        {
            requested.Add(assumed);
        }

        Requested = requested;
        PodCount = ReportedPods.Count + Assumed.Count;
    }
}
