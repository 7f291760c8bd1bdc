using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Services;

/// <summary>
/// The endpoints controller's pass for one Service with a selector: an Endpoints object of the same name whose
/// subsets hold the selected pods' IPs — ready pods as addresses, the others as notReadyAddresses — with the
/// Service's ports resolved against each pod (a named targetPort is looked up in the pod's container ports; pods
/// resolving to different ports land in different subsets). Pods without an IP, finished or being deleted are left out,
/// unless the Service publishes not-ready addresses: then every pod with an IP that has not finished is an address.
/// </summary>
public sealed class EndpointsReconciler(IObjectControl control)
{
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    public static Endpoints Desired(Service service, IEnumerable<Pod> pods) => Compute(service, pods).Endpoints;

    /// <summary>
    /// The Endpoints, and beside them the pods being deleted that still have an IP (left out of Endpoints, kept in
    /// EndpointSlices as terminating): one walk over the pods that both controllers' outputs are derived from.
    /// </summary>
    public static EndpointsView Compute(Service service, IEnumerable<Pod> pods)
    {
        var subsets = new Dictionary<string, (List<EndpointPort> Ports, List<EndpointAddress> Ready, List<EndpointAddress> NotReady)>(StringComparer.Ordinal);
        var terminating = new Dictionary<string, (List<EndpointPort> Ports, List<EndpointAddress> Serving, List<EndpointAddress> NotServing)>(StringComparer.Ordinal);

        // Upstream's tolerateUnreadyEndpoints: every pod with an IP is a ready address, being deleted or not.
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        foreach (var pod in pods.OrderBy(p => p.Status?.PodIP, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(pod.Status?.PodIP) || PodStates.IsTerminal(pod))
            {
                continue;
            }

            var ports = new List<EndpointPort>();
            foreach (var port in service.Spec?.Ports ?? [])
            {
                if (Resolve(port, pod) is { } number)
                {
                    ports.Add(new EndpointPort { Name = port.Name, Port = number, Protocol = port.Protocol ?? Protocol.TCP });
                }
            }

            var key = string.Join(",", ports.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}"));
            var address = new EndpointAddress
            {
                Ip = pod.Status!.PodIP!,
                NodeName = pod.Spec.NodeName,
                TargetRef = new ObjectReference { Kind = "Pod", Namespace = pod.Metadata.Namespace, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            };
            if (pod.Metadata.DeletionTimestamp is not null && !publishNotReady)
            {
                if (!terminating.TryGetValue(key, out var going))
                {
                    going = terminating[key] = (ports, [], []);
                }

                (PodStates.IsReady(pod) ? going.Serving : going.NotServing).Add(address);
                continue;
            }

            if (!subsets.TryGetValue(key, out var subset))
            {
                subset = subsets[key] = (ports, [], []);
            }

            (publishNotReady || PodStates.IsReady(pod) ? subset.Ready : subset.NotReady).Add(address);
        }

        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? [], StringComparer.Ordinal);
        if (service.Spec?.ClusterIP == "None")
        {
            labels[HeadlessLabel] = "";
        }

        var endpoints = new Endpoints
        {
            ApiVersion = Kinds.Endpoints.ApiVersion,
            Kind = Kinds.Endpoints.Kind,
            Metadata = new ObjectMeta { Name = service.Metadata.Name, Namespace = service.Metadata.Namespace, Labels = labels.Count == 0 ? null : labels },
            Subsets = subsets.Count == 0 ? null : [.. subsets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new EndpointSubset
            {
                Addresses = s.Value.Ready.Count == 0 ? null : s.Value.Ready,
                NotReadyAddresses = s.Value.NotReady.Count == 0 ? null : s.Value.NotReady,
                Ports = s.Value.Ports.Count == 0 ? null : s.Value.Ports,
            })],
        };
        List<EndpointSubset> terminatingSubsets = [.. terminating.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new EndpointSubset
        {
            Addresses = s.Value.Serving.Count == 0 ? null : s.Value.Serving,
            NotReadyAddresses = s.Value.NotServing.Count == 0 ? null : s.Value.NotServing,
            Ports = s.Value.Ports.Count == 0 ? null : s.Value.Ports,
        })];
        return new EndpointsView(endpoints, terminatingSubsets);
    }

    /// <summary>Writes the Endpoints when they differ from <paramref name="current"/>; returns them as stored.</summary>
    public Task<Endpoints?> SyncAsync(Service service, IEnumerable<Pod> pods, Endpoints? current) =>
        SyncAsync(service, Compute(service, pods).Endpoints, current);

    /// <summary>Writes <paramref name="desired"/> (from <see cref="Compute"/>) when it differs from <paramref name="current"/>; returns the Endpoints as stored.</summary>
    public async Task<Endpoints?> SyncAsync(Service service, Endpoints desired, Endpoints? current)
    {
        if (service.Spec?.Selector is not { Count: > 0 })
        {
            return current; // no selector: the user keeps the Endpoints
        }

        if (current is null)
        {
            return (Endpoints)await control.CreateAsync(desired);
        }

        if (StatusComparison.Same(current.Subsets, desired.Subsets) && StatusComparison.Same(current.Metadata.Labels, desired.Metadata.Labels))
        {
            return current;
        }

        return (Endpoints)await control.UpdateAsync(current with { Subsets = desired.Subsets, Metadata = current.Metadata with { Labels = desired.Metadata.Labels } });
    }

    private static int? Resolve(ServicePort port, Pod pod)
    {
        var target = port.TargetPort ?? IntOrString.FromInt(port.Port);
        if (target.IntValue is { } number)
        {
            return number;
        }

        return pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target.StringValue && (p.Protocol ?? Protocol.TCP) == (port.Protocol ?? Protocol.TCP))?.Port;
    }
}
