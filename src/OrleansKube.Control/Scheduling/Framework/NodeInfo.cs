using System.Runtime.InteropServices;
namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A node as the scheduler caches it: the Node object and the pods placed on it, with running sums.</summary>
public sealed class NodeInfo
{
    private readonly Dictionary<string, PodInfo> _pods = new(StringComparer.Ordinal);

    public NodeInfo(Node node) => SetNode(node);

    public Node Node { get; private set; } = null!;

    /// <summary>The snapshot this node belongs to (none for clones): told when the node's affinity pods come and go.</summary>
    internal ClusterSnapshot? Snapshot { get; set; }

    /// <summary>The node's name (a field: read for every node a cycle evaluates, where the node object's metadata is cold).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The node's labels (the concrete dictionary: filters enumerate it per node, and its enumerator does not allocate).</summary>
    public Dictionary<string, string> Labels { get; private set; } = [];

    /// <summary>The node's <c>kubernetes.io/hostname</c> label, if any (read per node by spreading and affinity: a field, not a lookup).</summary>
    public string? Hostname { get; private set; }

    /// <summary>The node's <c>topology.kubernetes.io/zone</c> label, if any.</summary>
    public string? Zone { get; private set; }

    /// <summary>Whether the node is cordoned (<c>spec.unschedulable</c>; a field: the first filter reads it for every node a cycle evaluates).</summary>
    public bool Unschedulable { get; private set; }

    /// <summary>The node's taints (an array: filters enumerate it per node without allocating).</summary>
    public Taint[] Taints { get; private set; } = [];

    public Resource Allocatable { get; private set; } = new();

    public Resource Requested { get; } = new();

    /// <summary>Requests with upstream's 100m/200Mi defaults for containers that ask for nothing (used when scoring).</summary>
    public Resource NonZeroRequested { get; } = new();

    /// <summary>The node's pods (the concrete collection: its enumerator does not allocate).</summary>
    public Dictionary<string, PodInfo>.ValueCollection Pods => _pods.Values;

    public int PodCount => _pods.Count;

    /// <summary>The node's pods whose terms score other pods' nodes (see <see cref="PodInfo.HasScoringTerms"/>).</summary>
    public List<PodInfo> PodsWithScoringTerms { get; } = [];

    /// <summary>
    /// How many of the node's pods carry each label pair, per namespace: affinity terms that select by one label
    /// count a node's matching pods from here instead of looking at every pod.
    /// </summary>
    public Dictionary<string, int> PodLabelCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Pods not being deleted, by the uid of their controller (what system-default spreading counts).</summary>
    public Dictionary<string, int> ControllerPodCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The key of <see cref="PodLabelCounts"/> for a label pair in a namespace.</summary>
    public static string LabelCountKey(string ns, string key, string value) => string.Concat(ns, "\0", key, "\0", value);

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>Image name (normalised with a tag) → size in bytes, from node status.</summary>
    public Dictionary<string, long> Images { get; } = new(StringComparer.Ordinal);

    // The host ports its pods bind, each with how many bind it (null until a pod with one comes: most nodes never see one).
    private Dictionary<HostPort, int>? _hostPorts;

    // Zones are few and every node of one shares its string, so a cycle tells zones apart by reference (bounded: a
    // cluster that names thousands of zones interns only the first ones).
    private const int InternedZonesLimit = 4_096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> InternedZones = new(StringComparer.Ordinal);

    private static string? InternZone(string? zone) =>
        zone is null ? null
        : InternedZones.TryGetValue(zone, out var interned) ? interned
        : InternedZones.Count < InternedZonesLimit ? InternedZones.GetOrAdd(zone, zone)
        : zone;

    public void SetNode(Node node)
    {
        Node = node;
        Name = node.Metadata.Name!;
        Unschedulable = node.Spec?.Unschedulable == true;
        Labels = node.Metadata.Labels ?? [];
        Hostname = Labels.GetValueOrDefault(ClusterSnapshot.HostnameLabel);
        Zone = InternZone(Labels.GetValueOrDefault(ClusterSnapshot.ZoneLabel));
        Taints = [.. node.Spec?.Taints ?? []];
        Allocatable = Resource.From(node.Status?.Allocatable);
        Images.Clear();
        foreach (var image in CollectionsMarshal.AsSpan(node.Status?.Images))
        {
            foreach (var name in CollectionsMarshal.AsSpan(image.Names))
            {
                Images[ImageNames.Normalize(name)] = image.SizeBytes ?? 0;
            }
        }

    }

    /// <summary>The value of the node's label <paramref name="key"/>, or null: the hostname and zone from their fields.</summary>
    public string? LabelValue(string key) =>
        key == ClusterSnapshot.HostnameLabel ? Hostname : key == ClusterSnapshot.ZoneLabel ? Zone : Labels.GetValueOrDefault(key);

    public bool HasPod(string key) => _pods.ContainsKey(key);

    /// <summary>Whether a pod of the node binds a host port that clashes with <paramref name="wanted"/> (<see cref="HostPort.ConflictsWith"/>; a node holds few).</summary>
    public bool HostPortTaken(HostPort wanted)
    {
        foreach (var used in _hostPorts?.Keys ?? Enumerable.Empty<HostPort>())
        {
            if (used.ConflictsWith(wanted))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the pod <c>namespace/name</c> is on the node, without making its key (caches hear of every bind they made).</summary>
    public bool HasPod(string? ns, string? name)
    {
        var length = (ns?.Length ?? 0) + 1 + (name?.Length ?? 0);
        if (length > 512)
        {
            return HasPod(PodInfo.KeyOf(ns, name));
        }

        Span<char> key = stackalloc char[length];
        ns.AsSpan().CopyTo(key);
        key[ns?.Length ?? 0] = '/';
        name.AsSpan().CopyTo(key[((ns?.Length ?? 0) + 1)..]);
        return _pods.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(key);
    }

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
        foreach (var port in pod.HostPorts)
        {
            _hostPorts ??= [];
            _hostPorts[port] = _hostPorts.GetValueOrDefault(port) + 1;
        }

        if (pod.HasScoringTerms)
        {
            PodsWithScoringTerms.Add(pod);
        }

        if (pod.RequiredAntiAffinityTerms.Length > 0)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }

        if (pod.HasScoringTerms || pod.RequiredAntiAffinityTerms.Length > 0)
        {
            Snapshot?.AffinityPodsChanged(this);
        }

        var ns = pod.Pod.Metadata.Namespace ?? "";
        foreach (var label in pod.Pod.Metadata.Labels ?? [])
        {
            var countKey = LabelCountKey(ns, label.Key, label.Value);
            PodLabelCounts[countKey] = PodLabelCounts.GetValueOrDefault(countKey) + 1;
        }

        if (CountedController(pod) is { } uid)
        {
            var owned = ControllerPodCounts.GetValueOrDefault(uid) + 1;
            ControllerPodCounts[uid] = owned;
            Snapshot?.ControllerPodCountChanged(this, uid, owned, +1);
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
        foreach (var port in pod.HostPorts)
        {
            if (_hostPorts is null || !_hostPorts.TryGetValue(port, out var holders))
            {
                continue;
            }

            if (holders <= 1)
            {
                _hostPorts.Remove(port);
            }
            else
            {
                _hostPorts[port] = holders - 1;
            }
        }

        if (PodsWithScoringTerms.Remove(pod) | PodsWithRequiredAntiAffinity.Remove(pod))
        {
            Snapshot?.AffinityPodsChanged(this);
        }
        var ns = pod.Pod.Metadata.Namespace ?? "";
        foreach (var label in pod.Pod.Metadata.Labels ?? [])
        {
            var countKey = LabelCountKey(ns, label.Key, label.Value);
            if (PodLabelCounts.TryGetValue(countKey, out var count))
            {
                if (count <= 1)
                {
                    PodLabelCounts.Remove(countKey);
                }
                else
                {
                    PodLabelCounts[countKey] = count - 1;
                }
            }
        }

        if (CountedController(pod) is { } uid && ControllerPodCounts.TryGetValue(uid, out var owned))
        {
            if (owned <= 1)
            {
                ControllerPodCounts.Remove(uid);
            }
            else
            {
                ControllerPodCounts[uid] = owned - 1;
            }

            Snapshot?.ControllerPodCountChanged(this, uid, owned - 1, -1);
        }

        return true;
    }

    private static string? CountedController(PodInfo pod)
    {
        if (pod.Pod.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        foreach (var owner in CollectionsMarshal.AsSpan(pod.Pod.Metadata.OwnerReferences))
        {
            if (owner.Controller == true)
            {
                return owner.Uid;
            }
        }

        return null;
    }
}
