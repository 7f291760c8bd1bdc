namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// The nodes a scheduling cycle sees (all of a shard's nodes, in a stable order) with the cluster facts
/// plugins need beyond them: namespace labels and how many nodes hold each image.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly List<NodeInfo> _nodes = [];
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeInfo> Nodes => _nodes;

    public Dictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; } = new(StringComparer.Ordinal);

    public NodeInfo? Get(string name) => _byName.GetValueOrDefault(name);

    public NodeInfo AddOrUpdateNode(Node node)
    {
        if (_byName.TryGetValue(node.Metadata.Name!, out var existing))
        {
            existing.SetNode(node);
            return existing;
        }

        var info = new NodeInfo(node);
        _nodes.Add(info);
        _byName[info.Name] = info;
        return info;
    }

    public NodeInfo? RemoveNode(string name)
    {
        if (!_byName.Remove(name, out var info))
        {
            return null;
        }

        _nodes.Remove(info);
        return info;
    }

    /// <summary>How many of the snapshot's nodes hold <paramref name="image"/> (normalised).</summary>
    public int NodesWithImage(string image)
    {
        var count = 0;
        foreach (var node in _nodes)
        {
            if (node.Images.ContainsKey(image))
            {
                count++;
            }
        }

        return count;
    }
}
