namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// The nodes a scheduling cycle sees (all of a shard's nodes, in a stable order) with the cluster facts
/// plugins need beyond them: namespace labels and how many nodes hold each image.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly List<NodeInfo> _nodes = [];
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PodInfo>> _nominated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nominatedNodeOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hostnames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<NodeInfo, long>> _imageSizes = new(StringComparer.Ordinal);
    private readonly HashSet<NodeInfo> _withScoringPods = [];
    private readonly HashSet<NodeInfo> _withRequiredAntiAffinityPods = [];
    private readonly Dictionary<string, Dictionary<NodeInfo, int>> _controllerPods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _controllerPodsByZone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Plugins.VolumeBinding.PodVolumes> _podVolumes = new(StringComparer.Ordinal);
    private int _sharedHostnames;

    /// <summary>The label kubelets set to the node's name: the topology key of one-node domains.</summary>
    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>The zone label (upstream's well-known topology key).</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public IReadOnlyList<NodeInfo> Nodes => _nodes;

    public Dictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>The PodDisruptionBudgets preemption weighs its victims against (as the scheduler's informer last saw them).</summary>
    public IReadOnlyList<Model.Policy.PodDisruptionBudget> DisruptionBudgets { get; set; } = [];

    public NodeInfo? Get(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The claims, volumes and classes read for a pod with persistentVolumeClaim volumes during its cycle (null: none read).</summary>
    public Plugins.VolumeBinding.PodVolumes? VolumesOf(string podKey) => _podVolumes.Count > 0 ? _podVolumes.GetValueOrDefault(podKey) : null;

    /// <summary>Holds what was read of a pod's claims for its cycle; null forgets it once the cycle is over.</summary>
    public void SetVolumes(string podKey, Plugins.VolumeBinding.PodVolumes? volumes)
    {
        if (volumes is null)
        {
            _podVolumes.Remove(podKey);
        }
        else
        {
            _podVolumes[podKey] = volumes;
        }
    }

    /// <summary>Nodes holding a pod whose terms score other pods' nodes: all a pod without preferred terms of its own is scored against (upstream's HavePodsWithAffinityList, less the pods that could not add to a score).</summary>
    public IReadOnlyCollection<NodeInfo> NodesWithScoringPods => _withScoringPods;

    /// <summary>Nodes holding at least one pod with required anti-affinity: what symmetry checks every pod against (upstream's HavePodsWithRequiredAntiAffinityList).</summary>
    public IReadOnlyCollection<NodeInfo> NodesWithRequiredAntiAffinityPods => _withRequiredAntiAffinityPods;

    /// <summary>The nodes holding at least one pod of the controller with this uid (what default topology spreading counts).</summary>
    public IReadOnlyCollection<NodeInfo> NodesWithControllerPods(string uid) => _controllerPods.TryGetValue(uid, out var nodes) ? nodes.Keys : [];

    /// <summary>
    /// The pods of the controller with this uid on each node holding any (what default spreading counts per hostname),
    /// or null. A cycle scoring hundreds of nodes looks each up here, one small table, instead of in each node's own.
    /// </summary>
    public Dictionary<NodeInfo, int>? ControllerPodsByNode(string uid) => _controllerPods.GetValueOrDefault(uid);

    /// <summary>
    /// Pods that preempted room on a node and wait for it (upstream's nominated pods): filters count them as
    /// already placed for pods of lower or equal priority, so the room they freed is not taken from them.
    /// </summary>
    public IReadOnlyList<PodInfo> NominatedPods(string nodeName) =>
        _nominated.Count > 0 && _nominated.TryGetValue(nodeName, out var pods) ? pods : Array.Empty<PodInfo>();

    /// <summary>
    /// How many pods of the controller with this uid are on nodes in <paramref name="zone"/> that carry both a
    /// hostname and a zone label: what system-default spreading counts per zone, kept as pods come and go, so a
    /// pod of a controller is scored without a pass over every node holding its siblings.
    /// </summary>
    public int ControllerPodsInZone(string uid, string zone) =>
        _controllerPodsByZone.TryGetValue(uid, out var zones) ? zones.GetValueOrDefault(zone) : 0;

    public string? NominatedNode(string podKey) => _nominatedNodeOf.GetValueOrDefault(podKey);

    public void Nominate(PodInfo pod, string nodeName)
    {
        RemoveNomination(pod.Key);
        if (!_nominated.TryGetValue(nodeName, out var pods))
        {
            _nominated[nodeName] = pods = [];
        }

        pods.Add(pod);
        _nominatedNodeOf[pod.Key] = nodeName;
    }

    public void RemoveNomination(string podKey)
    {
        if (_nominatedNodeOf.Remove(podKey, out var nodeName) && _nominated.TryGetValue(nodeName, out var pods))
        {
            pods.RemoveAll(p => p.Key == podKey);
            if (pods.Count == 0)
            {
                _nominated.Remove(nodeName);
            }
        }
    }

    /// <summary>No two nodes share a <c>kubernetes.io/hostname</c> value (as kubelets label them): a hostname domain is then one node.</summary>
    public bool HostnamesAreUnique => _sharedHostnames == 0;

    public NodeInfo AddOrUpdateNode(Node node)
    {
        if (_byName.TryGetValue(node.Metadata.Name!, out var existing))
        {
            Count(existing, -1);
            existing.SetNode(node);
            Count(existing, +1);
            return existing;
        }

        var info = new NodeInfo(node) { Snapshot = this };
        _nodes.Add(info);
        _byName[info.Name] = info;
        Count(info, +1);
        return info;
    }

    public NodeInfo? RemoveNode(string name)
    {
        if (!_byName.Remove(name, out var info))
        {
            return null;
        }

        _nodes.Remove(info);
        Count(info, -1);
        _withScoringPods.Remove(info);
        _withRequiredAntiAffinityPods.Remove(info);
        foreach (var uid in info.ControllerPodCounts.Keys)
        {
            SetPerNode(_controllerPods, uid, info, 0, present: false);
        }

        info.Snapshot = null;
        return info;
    }

    /// <summary>How many of the snapshot's nodes hold <paramref name="image"/> (normalised).</summary>
    public int NodesWithImage(string image) => _imageSizes.TryGetValue(image, out var nodes) ? nodes.Count : 0;

    /// <summary>
    /// The size of <paramref name="image"/> (normalised) on each node holding it, or null: a cycle scoring hundreds of
    /// nodes looks them up in this one table by node instead of hashing the image's name in each node's own.
    /// </summary>
    public Dictionary<NodeInfo, long>? ImageSizesByNode(string image) => _imageSizes.GetValueOrDefault(image);

    /// <summary>Called by a node of this snapshot when it gains its first, or loses its last, pod with affinity terms or with required anti-affinity.</summary>
    internal void AffinityPodsChanged(NodeInfo node)
    {
        Track(_withScoringPods, node, node.PodsWithScoringTerms.Count > 0);
        Track(_withRequiredAntiAffinityPods, node, node.PodsWithRequiredAntiAffinity.Count > 0);
    }

    /// <summary>Called by a node of this snapshot when its count of a controller's pods changes by <paramref name="delta"/> to <paramref name="count"/>.</summary>
    internal void ControllerPodCountChanged(NodeInfo node, string uid, int count, int delta)
    {
        SetPerNode(_controllerPods, uid, node, count, present: count > 0);
        CountInZone(node, uid, delta);
    }

    /// <summary>Adds <paramref name="delta"/> pods of a controller to the zone of <paramref name="node"/> (when it has a hostname and a zone).</summary>
    private void CountInZone(NodeInfo node, string uid, int delta)
    {
        if (delta == 0 || node.Hostname is null || node.Zone is not { } zone)
        {
            return;
        }

        if (!_controllerPodsByZone.TryGetValue(uid, out var zones))
        {
            _controllerPodsByZone[uid] = zones = new(StringComparer.Ordinal);
        }

        var count = zones.GetValueOrDefault(zone) + delta;
        if (count > 0)
        {
            zones[zone] = count;
        }
        else
        {
            zones.Remove(zone);
            if (zones.Count == 0)
            {
                _controllerPodsByZone.Remove(uid);
            }
        }
    }

    /// <summary>Sets <paramref name="node"/>'s value in the per-node table of <paramref name="key"/>, or removes it (and the table once empty).</summary>
    private static void SetPerNode<T>(Dictionary<string, Dictionary<NodeInfo, T>> tables, string key, NodeInfo node, T value, bool present)
    {
        if (present)
        {
            if (!tables.TryGetValue(key, out var nodes))
            {
                tables[key] = nodes = new(ReferenceEqualityComparer.Instance);
            }

            nodes[node] = value;
        }
        else if (tables.TryGetValue(key, out var nodes) && nodes.Remove(node) && nodes.Count == 0)
        {
            tables.Remove(key);
        }
    }

    private static void Track(HashSet<NodeInfo> set, NodeInfo node, bool member)
    {
        if (member)
        {
            set.Add(node);
        }
        else
        {
            set.Remove(node);
        }
    }

    private void Count(NodeInfo node, int delta)
    {
        foreach (var (image, size) in node.Images)
        {
            SetPerNode(_imageSizes, image, node, size, present: delta > 0);
        }

        CountHostname(node, delta);

        // A node's labels may change (it is counted out before, and in again after): its controllers' pods move zone with it.
        foreach (var (uid, pods) in node.ControllerPodCounts)
        {
            CountInZone(node, uid, pods * delta);
        }
    }

    private void CountHostname(NodeInfo node, int delta)
    {
        if (!node.Labels.TryGetValue(HostnameLabel, out var hostname))
        {
            return;
        }

        var before = _hostnames.GetValueOrDefault(hostname);
        var after = before + delta;
        if (after <= 0)
        {
            _hostnames.Remove(hostname);
        }
        else
        {
            _hostnames[hostname] = after;
        }

        // Values held by two or more nodes.
        _sharedHostnames += (after > 1 ? 1 : 0) - (before > 1 ? 1 : 0);
    }
}
