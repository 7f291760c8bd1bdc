using System.Globalization;

namespace OrleansKube.Manifests.Printing;

/// <summary>The tables of the core kinds (and leases, priority classes), as upstream prints them.</summary>
internal static class CoreTables
{
    public static readonly KindTable Pod = new(
        [
            Columns.Name,
            Columns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.Text("Status", "The aggregate status of the containers in this pod."),
            Columns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Columns.Age,
            Columns.Wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            Columns.Wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName."),
            Columns.Wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
            Columns.Wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness."),
        ],
        static (o, now) =>
        {
            var pod = (Model.Core.Pod)o;
            var ip = pod.Status?.PodIPs is [{ Ip.Length: > 0 } first, ..] ? first.Ip : pod.Status?.PodIP is { Length: > 0 } podIp ? podIp : "<none>";
            return
            [
                pod.Metadata.Name, PodStatusText.Ready(pod), PodStatusText.Status(pod), PodStatusText.RestartsText(pod, now), CellText.AgeOf(pod, now),
                ip, pod.Spec.NodeName is { Length: > 0 } node ? node : "<none>",
                pod.Status?.NominatedNodeName is { Length: > 0 } nominated ? nominated : "<none>", ReadinessGatesColumn(pod),
            ];
        });

    public static readonly KindTable Node = new(
        [
            Columns.Name,
            Columns.Text("Status", "The status of the node"),
            Columns.Text("Roles", "The roles of the node"),
            Columns.Age,
            Columns.Text("Version", "Kubelet Version reported by the node."),
            Columns.Wide("Internal-IP", "List of addresses reachable to the node."),
            Columns.Wide("External-IP", "List of addresses reachable to the node."),
            Columns.Wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
            Columns.Wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
            Columns.Wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
        ],
        static (o, now) =>
        {
            var node = (Model.Core.Node)o;
            var info = node.Status?.NodeInfo;
            return
            [
                node.Metadata.Name, NodeStatusText(node), NodeRoles(node), CellText.AgeOf(node, now), info?.KubeletVersion ?? "",
                Address(node, "InternalIP"), Address(node, "ExternalIP"), Known(info?.OsImage), Known(info?.KernelVersion), Known(info?.ContainerRuntimeVersion),
            ];
        });

    public static readonly KindTable Namespace = new(
        [Columns.Name, Columns.Text("Status", "The status of the namespace"), Columns.Age],
        static (o, now) => [o.Metadata.Name, ((Model.Core.Namespace)o).Status?.Phase?.ToString() ?? "Active", CellText.AgeOf(o, now)]);

    public static readonly KindTable ConfigMap = new(
        [Columns.Name, Columns.Text("Data", "Data contains the configuration data."), Columns.Age],
        static (o, now) =>
        {
            var configMap = (Model.Core.ConfigMap)o;
            return [o.Metadata.Name, (long)((configMap.Data?.Count ?? 0) + (configMap.BinaryData?.Count ?? 0)), CellText.AgeOf(o, now)];
        });

    public static readonly KindTable ServiceAccount = new(
        [Columns.Name, Columns.Integer("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Columns.Age],
        static (o, now) => [o.Metadata.Name, (long)(((Model.Core.ServiceAccount)o).Secrets?.Count ?? 0), CellText.AgeOf(o, now)]);

    // stringData is merged into data on write upstream; counting both here gives the same number.
    public static readonly KindTable Secret = new(
        [Columns.Name, Columns.Text("Type", "Used to facilitate programmatic handling of secret data."), Columns.Text("Data", "Data contains the secret data."), Columns.Age],
        static (o, now) =>
        {
            var secret = (Model.Core.Secret)o;
            return [o.Metadata.Name, secret.Type ?? "Opaque", (long)((secret.Data?.Count ?? 0) + (secret.StringData?.Count ?? 0)), CellText.AgeOf(o, now)];
        });

    public static readonly KindTable Service = new(
        [
            Columns.Name,
            Columns.Text("Type", "type determines how the Service is exposed."),
            Columns.Text("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
            Columns.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            Columns.Text("Port(s)", "The list of ports that are exposed by this service."),
            Columns.Age,
            Columns.Wide("Selector", "Route service traffic to pods with label keys and values matching this selector."),
        ],
        static (o, now) =>
        {
            var service = (Model.Core.Service)o;
            var spec = service.Spec;
            var clusterIp = spec?.ClusterIPs is [{ Length: > 0 } first, ..] ? first : spec?.ClusterIP is { Length: > 0 } ip ? ip : "<none>";
            var ports = spec?.Ports is { Count: > 0 } list
                ? string.Join(",", list.Select(p => p.NodePort is > 0 and var np ? $"{p.Port}:{np}/{p.Protocol ?? Protocol.TCP}" : $"{p.Port}/{p.Protocol ?? Protocol.TCP}"))
                : "<none>";
            return [o.Metadata.Name, (spec?.Type ?? ServiceType.ClusterIP).ToString(), clusterIp, ExternalIp(service), ports, CellText.AgeOf(o, now), CellText.Labels(spec?.Selector)];
        });

    public static readonly KindTable Endpoints = new(
        [Columns.Name, Columns.Text("Endpoints", "The set of all endpoints is the union of all subsets."), Columns.Age],
        static (o, now) => [o.Metadata.Name, EndpointsText((Model.Core.Endpoints)o), CellText.AgeOf(o, now)]);

    public static readonly KindTable EndpointSlice = new(
        [
            Columns.Name,
            Columns.Text("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
            Columns.Text("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."),
            Columns.Text("Endpoints", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var slice = (Model.Discovery.EndpointSlice)o;
            return [o.Metadata.Name, slice.AddressType.ToString(), EndpointSlicePorts(slice.Ports), EndpointSliceAddresses(slice.Endpoints), CellText.AgeOf(o, now)];
        });

    public static readonly KindTable Event = new(
        [
            Columns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Columns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Columns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            Columns.Text("Object", "The object that this event is about."),
            Columns.Wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
            Columns.Wide("Source", "The component reporting this event. Should be a short machine understandable string."),
            Columns.Text("Message", "A human-readable description of the status of this operation."),
            Columns.Wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
            Columns.Wide("Count", "The number of times this event has occurred."),
            Columns.Name with { Priority = 1 },
        ],
        static (o, now) =>
        {
            var e = (Model.Core.Event)o;
            var first = Age.Since(e.FirstTimestamp, now);
            var last = e.LastTimestamp is null ? first : Age.Since(e.LastTimestamp, now);
            var kind = (e.InvolvedObject.Kind ?? "").ToLowerInvariant();
            var target = e.InvolvedObject.Name is { Length: > 0 } name ? $"{kind}/{name}" : kind;
            var component = e.Source?.Component is { Length: > 0 } c ? c : e.ReportingComponent ?? "";
            var host = e.Source?.Host is { Length: > 0 } h ? h : e.ReportingInstance ?? "";
            var source = host.Length == 0 ? component : $"{component}, {host}";
            return [last, e.Type ?? "", e.Reason ?? "", target, e.InvolvedObject.FieldPath ?? "", source, (e.Message ?? "").Trim(), first, (long)(e.Count is > 0 and var n ? n : 1), e.Metadata.Name];
        });

    public static readonly KindTable Lease = new(
        [Columns.Name, Columns.Text("Holder", "holderIdentity contains the identity of the holder of a current lease."), Columns.Age],
        static (o, now) => [o.Metadata.Name, ((Model.Coordination.Lease)o).Spec?.HolderIdentity ?? "", CellText.AgeOf(o, now)]);

    public static readonly KindTable PriorityClass = new(
        [
            Columns.Name,
            Columns.Integer("Value", "value represents the integer value of this priority class."),
            Columns.Boolean("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
            Columns.Age,
            Columns.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."),
        ],
        static (o, now) =>
        {
            var priorityClass = (Model.Scheduling.PriorityClass)o;
            return [o.Metadata.Name, (long)priorityClass.Value, priorityClass.GlobalDefault ?? false, CellText.AgeOf(o, now), (priorityClass.PreemptionPolicy ?? PreemptionPolicy.PreemptLowerPriority).ToString()];
        });

    /// <summary>As upstream: <c>Ready</c>, <c>NotReady</c> (False or Unknown), <c>Unknown</c> without a Ready condition; cordoned adds <c>SchedulingDisabled</c>.</summary>
    public static string NodeStatusText(Model.Core.Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var text = ready is null ? "Unknown" : ready.Status == ConditionStatus.True ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? text + ",SchedulingDisabled" : text;
    }

    private static string NodeRoles(Model.Core.Node node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Metadata.Labels ?? [])
        {
            if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key["node-role.kubernetes.io/".Length..] is { Length: > 0 } role)
            {
                roles.Add(role);
            }
            else if (key == "kubernetes.io/role" && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(Model.Core.Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? "<none>";

    private static string Known(string? text) => string.IsNullOrEmpty(text) ? "<unknown>" : text;

    // The server prints wide cells, so load balancer addresses are not clipped to 16 characters.
    private static string ExternalIp(Model.Core.Service service) => service.Spec?.Type switch
    {
        null or ServiceType.ClusterIP or ServiceType.NodePort => "<none>",
        ServiceType.LoadBalancer => service.Status?.LoadBalancer?.Ingress is { Count: > 0 } ingress
            && string.Join(",", ingress.Select(i => i.Ip is { Length: > 0 } ip ? ip : i.Hostname).Where(a => !string.IsNullOrEmpty(a)).Distinct().Order(StringComparer.Ordinal)) is { Length: > 0 } addresses
                ? addresses
                : "<pending>",
        ServiceType.ExternalName => service.Spec.ExternalName ?? "",
        _ => "<unknown>",
    };

    // As upstream: per port, each address (ip:port), the first three, then "+ N more..."; addresses alone when a subset has no ports.
    /// <summary>As upstream's formatDiscoveryPorts: the first 3 port numbers (or names, or <c>*</c>), then <c> + N more...</c>.</summary>
    private static string EndpointSlicePorts(List<Model.Discovery.EndpointSlicePort>? ports) =>
        FirstThree((ports ?? []).Select(p => p.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? p.Name ?? "*"));

    /// <summary>As upstream's formatDiscoveryEndpoints: the first 3 addresses, then <c> + N more...</c>.</summary>
    private static string EndpointSliceAddresses(List<Model.Discovery.EndpointSliceEndpoint>? endpoints) =>
        FirstThree((endpoints ?? []).SelectMany(e => e.Addresses));

    // Upstream's listWithMoreString with max 3; an empty list is <unset>.
    private static string FirstThree(IEnumerable<string> items)
    {
        var all = items.ToList();
        var text = string.Join(",", all.Take(3));
        return all.Count > 3 ? $"{text} + {all.Count - 3} more..." : text.Length == 0 ? "<unset>" : text;
    }

    private static string EndpointsText(Model.Core.Endpoints endpoints)
    {
        if (endpoints.Subsets is not { Count: > 0 } subsets)
        {
            return "<none>";
        }

        var shown = new List<string>(3);
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Addresses ?? [];
            if (subset.Ports is not { Count: > 0 } ports)
            {
                count += addresses.Count;
                shown.AddRange(addresses.Take(3 - shown.Count).Select(a => a.Ip));
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                shown.AddRange(addresses.Take(3 - shown.Count).Select(a => HostPort(a.Ip, port.Port)));
            }
        }

        var text = string.Join(",", shown);
        return count > 3 ? $"{text} + {count - 3} more..." : text;
    }

    private static string HostPort(string ip, int port) =>
        ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{ip}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>kubectl's READINESS GATES: the gates whose condition is True, of all (<c>1/2</c>), or <c>&lt;none&gt;</c>.</summary>
    private static string ReadinessGatesColumn(Pod pod)
    {
        if (pod.Spec.ReadinessGates is not { Count: > 0 } gates)
        {
            return "<none>";
        }

        var ready = gates.Count(g => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == g.ConditionType) is { Status: ConditionStatus.True });
        return $"{ready}/{gates.Count}";
    }
}
