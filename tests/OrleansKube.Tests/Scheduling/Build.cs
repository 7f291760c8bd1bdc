using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Tests.Scheduling;

/// <summary>The one builder the scheduling tests share: nodes, pods and snapshots in a line each.</summary>
internal static class Build
{
    public static Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", Dictionary<string, string>? labels = null,
        Taint[]? taints = null, bool unschedulable = false, Dictionary<string, string>? extra = null, (string Image, long Size)[]? images = null)
    {
        var allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory), ["pods"] = Quantity.Parse(pods) };
        foreach (var (key, value) in extra ?? [])
        {
            allocatable[key] = Quantity.Parse(value);
        }

        var allLabels = new Dictionary<string, string>(labels ?? []) { ["kubernetes.io/hostname"] = name };
        return new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = allLabels },
            Spec = new NodeSpec { Taints = taints?.ToList(), Unschedulable = unschedulable },
            Status = new NodeStatus
            {
                Allocatable = allocatable,
                Images = images?.Select(i => new ContainerImage { Names = [i.Image], SizeBytes = i.Size }).ToList(),
            },
        };
    }

    public static Pod Pod(string name = "p", string? cpu = null, string? memory = null, Dictionary<string, string>? labels = null, string ns = "default",
        Dictionary<string, string>? extra = null, Action<PodSpec>? spec = null, string image = "nginx:1.27")
    {
        var requests = new Dictionary<string, Quantity>();
        if (cpu is not null)
        {
            requests["cpu"] = Quantity.Parse(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = Quantity.Parse(memory);
        }

        foreach (var (key, value) in extra ?? [])
        {
            requests[key] = Quantity.Parse(value);
        }

        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = image, Resources = new ResourceRequirements { Requests = requests } }] },
        };
        spec?.Invoke(pod.Spec);
        return pod;
    }

    public static ClusterSnapshot Snapshot(IEnumerable<Node> nodes, params (string Node, Pod Pod)[] placed)
    {
        var snapshot = new ClusterSnapshot();
        foreach (var node in nodes)
        {
            snapshot.AddOrUpdateNode(node);
        }

        foreach (var (node, pod) in placed)
        {
            pod.Spec.NodeName = node;
            snapshot.Get(node)!.AddPod(new PodInfo(pod));
        }

        return snapshot;
    }

    public static Taint Taint(string key, string? value, TaintEffect effect) => new() { Key = key, Value = value, Effect = effect };

    public static Toleration Toleration(string? key, TolerationOperator? op, string? value = null, TaintEffect? effect = null) =>
        new() { Key = key, Operator = op, Value = value, Effect = effect };

    public static PodAffinityTerm Term(string topologyKey, params (string Key, string Value)[] matchLabels) => new()
    {
        TopologyKey = topologyKey,
        LabelSelector = new LabelSelector { MatchLabels = matchLabels.ToDictionary(m => m.Key, m => m.Value) },
    };

    /// <summary>Runs one plugin's PreFilter (if any) then Filter on one node.</summary>
    public static Status Filter(IFilterPlugin plugin, Pod pod, ClusterSnapshot snapshot, string node)
    {
        var state = new CycleState();
        var info = new PodInfo(pod);
        if (plugin is IPreFilterPlugin pre)
        {
            var status = pre.PreFilter(state, info, snapshot);
            if (status.Code == StatusCode.Skip)
            {
                return Status.Success;
            }

            if (!status.IsSuccess)
            {
                return status;
            }
        }

        return plugin.Filter(state, info, snapshot.Get(node)!);
    }

    /// <summary>Runs one plugin's PreScore, Score and NormalizeScores over every node of the snapshot.</summary>
    public static Dictionary<string, long> Scores(IScorePlugin plugin, Pod pod, ClusterSnapshot snapshot)
    {
        var state = new CycleState();
        var info = new PodInfo(pod);
        var nodes = snapshot.Nodes;
        if (plugin is IPreScorePlugin pre && pre.PreScore(state, info, nodes, snapshot).Code == StatusCode.Skip)
        {
            return nodes.ToDictionary(n => n.Name, _ => 0L);
        }

        var scores = nodes.Select(n => plugin.Score(state, info, n)).ToArray();
        plugin.NormalizeScores(state, info, nodes, scores);
        return nodes.Select((n, i) => (n.Name, scores[i])).ToDictionary(p => p.Name, p => p.Item2);
    }
}
