namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A node as the scheduler caches it: the Node object and the pods placed on it, with running sums.</summary>
public sealed class NodeInfo
{
    private readonly Dictionary<string, PodInfo> _pods = new(StringComparer.Ordinal);

    public NodeInfo(Node node) => SetNode(node);

    public Node Node { get; private set; } = null!;

    public string Name => Node.Metadata.Name!;

    public IReadOnlyDictionary<string, string> Labels { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; private set; } = [];

    public Resource Allocatable { get; private set; } = new();

    public Resource Requested { get; } = new();

    /// <summary>Requests with upstream's 100m/200Mi defaults for containers that ask for nothing (used when scoring).</summary>
    public Resource NonZeroRequested { get; } = new();

    public IReadOnlyCollection<PodInfo> Pods => _pods.Values;

    public int PodCount => _pods.Count;

    public List<PodInfo> PodsWithAffinity { get; } = [];

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>Image name (normalised with a tag) → size in bytes, from node status.</summary>
    public Dictionary<string, long> Images { get; } = new(StringComparer.Ordinal);

    public void SetNode(Node node)
    {
        Node = node;
        Labels = node.Metadata.Labels ?? [];
        Taints = node.Spec?.Taints ?? [];
        Allocatable = Resource.From(node.Status?.Allocatable);
        Images.Clear();
        foreach (var image in node.Status?.Images ?? [])
        {
            foreach (var name in image.Names ?? [])
            {
                Images[ImageNames.Normalize(name)] = image.SizeBytes ?? 0;
            }
        }

    }

    public bool HasPod(string key) => _pods.ContainsKey(key);

    public PodInfo? GetPod(string key) => _pods.GetValueOrDefault(key);

    /// <summary>A copy to try changes on (preemption's dry runs, nominated pods); the node object and pod infos are shared, being immutable.</summary>
    public NodeInfo Clone()
    {
        var clone = new NodeInfo(Node);
        foreach (var pod in _pods.Values)
        {
            clone.AddPod(pod);
        }

        return clone;
    }

    public void AddPod(PodInfo pod)
    {
        if (!_pods.TryAdd(pod.Key, pod))
        {
            return;
        }

        Requested.Add(pod.Requests);
        NonZeroRequested.Add(pod.NonZeroRequests);
        if (pod.HasAffinity)
        {
            PodsWithAffinity.Add(pod);
        }

        if (pod.RequiredAntiAffinityTerms.Count > 0)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }

    }

    public bool RemovePod(string key)
    {
        if (!_pods.Remove(key, out var pod))
        {
            return false;
        }

        Requested.Subtract(pod.Requests);
        NonZeroRequested.Subtract(pod.NonZeroRequests);
        PodsWithAffinity.Remove(pod);
        PodsWithRequiredAntiAffinity.Remove(pod);
        return true;
    }
}
