using System.Globalization;

namespace OrleansKube.Control.Kubelet;

/// <summary>What a kubelet fills in when it registers its Node: defaults, addresses, conditions, node info.</summary>
public static class KubeletRegistration
{
    public const string KubeletVersion = "v1.32.0";

    private static readonly Dictionary<string, Quantity> DefaultCapacity = new(StringComparer.Ordinal)
    {
        ["cpu"] = Quantity.Parse("32"),
        ["memory"] = Quantity.Parse("256Gi"),
        ["pods"] = Quantity.Parse("110"),
        ["ephemeral-storage"] = Quantity.Parse("100Gi"),
    };

    /// <summary>The node as its kubelet registers it; <paramref name="index"/> picks its addresses and pod CIDR.</summary>
    public static Node Register(Node node, int index, DateTimeOffset now)
    {
        var name = node.Metadata.Name!;
        var labels = new Dictionary<string, string>(node.Metadata.Labels ?? [], StringComparer.Ordinal);
        labels.TryAdd("kubernetes.io/hostname", name);
        labels.TryAdd("kubernetes.io/os", "linux");
        labels.TryAdd("kubernetes.io/arch", "amd64");
        AddDeprecatedLabels(labels);
        var status = node.Status ?? new NodeStatus();
        var capacity = status.Capacity is { Count: > 0 } given ? given : new Dictionary<string, Quantity>(DefaultCapacity);
        var podCidr = PodCidr(index);
        return node with
        {
            Metadata = node.Metadata with { Labels = labels },
            Spec = (node.Spec ?? new NodeSpec()) with { PodCIDR = podCidr, PodCIDRs = [podCidr] },
            Status = status with
            {
                Capacity = capacity,
                Allocatable = status.Allocatable is { Count: > 0 } allocatable ? allocatable : new Dictionary<string, Quantity>(capacity),
                Phase = null,
                Conditions =
                [
                    Condition("MemoryPressure", ConditionStatus.False, "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition("DiskPressure", ConditionStatus.False, "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition("PIDPressure", ConditionStatus.False, "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    Condition("Ready", ConditionStatus.True, "KubeletReady", "kubelet is posting ready status", now),
                ],
                Addresses =
                [
                    new NodeAddress { Type = "InternalIP", Address = NodeIP(index) },
                    new NodeAddress { Type = "Hostname", Address = name },
                ],
                DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = 10250 } },
                NodeInfo = new NodeSystemInfo
                {
                    MachineID = Id(name, "machine"),
                    SystemUUID = Id(name, "system"),
                    BootID = Id(name, "boot"),
                    KernelVersion = "6.1.0-orleanskube",
                    OsImage = "OrleansKube simulated node",
                    ContainerRuntimeVersion = "containerd://1.7.24",
                    KubeletVersion = KubeletVersion,
                    KubeProxyVersion = KubeletVersion,
                    OperatingSystem = labels["kubernetes.io/os"],
                    Architecture = labels["kubernetes.io/arch"],
                },
            },
        };
    }

    // The deprecated twins of the well-known labels, which kubelets (os, arch) and cloud providers (zone, region,
    // instance type) still set beside the stable ones and which older manifests select on.
    private static readonly (string Stable, string Deprecated)[] DeprecatedTwins =
    [
        ("kubernetes.io/os", "beta.kubernetes.io/os"),
        ("kubernetes.io/arch", "beta.kubernetes.io/arch"),
        ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"),
        ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"),
        ("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"),
    ];

    /// <summary>Adds each deprecated label whose stable label the node has, with its value (one the node names itself is kept).</summary>
    private static void AddDeprecatedLabels(Dictionary<string, string> labels)
    {
        foreach (var (stable, deprecated) in DeprecatedTwins)
        {
            if (labels.TryGetValue(stable, out var value))
            {
                labels.TryAdd(deprecated, value);
            }
        }
    }

    /// <summary>Node addresses from 172.16.0.0/12 (room for a million nodes).</summary>
    public static string NodeIP(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"172.{16 + ((index >> 16) & 15)}.{(index >> 8) & 255}.{index & 255}");

    /// <summary>A /24 per node from 10.128.0.0/9 (distinct for the first 32,768 nodes).</summary>
    public static string PodCidr(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{128 + ((index >> 8) & 127)}.{index & 255}.0/24");

    /// <summary>The n-th pod address of a node's /24 (.1 is the node's bridge; addresses wrap after .254).</summary>
    public static string PodIP(int index, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{128 + ((index >> 8) & 127)}.{index & 255}.{2 + (sequence % 253)}");

    private static NodeCondition Condition(string type, ConditionStatus status, string reason, string message, DateTimeOffset now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastHeartbeatTime = now, LastTransitionTime = now };

    private static string Id(string name, string salt) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(salt + name)));
}
