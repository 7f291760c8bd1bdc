using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Services;

/// <summary>
/// The EndpointSlice controller's view of a Service, derived from the endpoints pass's <see cref="EndpointsView"/>
/// rather than from a second watch of its pods: one IPv4 slice per port set and 100 endpoints (upstream's
/// --max-endpoints-per-slice default), ready/notReady addresses as ready and serving or neither, terminating pods
/// as terminating (serving while still ready); an empty placeholder slice when there are none, as upstream keeps.
/// </summary>
public static class EndpointSlices
{
    public const int MaxEndpointsPerSlice = 100;
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The slices the Service should have, without names (existing ones keep theirs; new ones get <c>&lt;service&gt;-</c> as generateName).</summary>
    public static List<EndpointSlice> Desired(Service service, EndpointsView view, Func<string, string?> zoneOf)
    {
        var groups = new SortedDictionary<string, (List<EndpointSlicePort> Ports, List<EndpointSliceEndpoint> Endpoints)>(StringComparer.Ordinal);
        void Add(EndpointSubset subset, bool terminating)
        {
            var ports = (subset.Ports ?? []).Select(p => new EndpointSlicePort { Name = p.Name ?? "", Port = p.Port, Protocol = p.Protocol ?? Protocol.TCP }).ToList();
            var key = PortsKey(ports);
            if (!groups.TryGetValue(key, out var group))
            {
                group = groups[key] = (ports, []);
            }

            foreach (var address in subset.Addresses ?? [])
            {
                group.Endpoints.Add(Endpoint(address, ready: !terminating, serving: true, terminating, zoneOf));
            }

            foreach (var address in subset.NotReadyAddresses ?? [])
            {
                group.Endpoints.Add(Endpoint(address, ready: false, serving: false, terminating, zoneOf));
            }
        }

        foreach (var subset in view.Endpoints.Subsets ?? [])
        {
            Add(subset, terminating: false);
        }

        foreach (var subset in view.Terminating)
        {
            Add(subset, terminating: true);
        }

        var slices = new List<EndpointSlice>();
        foreach (var (_, group) in groups)
        {
            var sorted = group.Endpoints.OrderBy(e => e.Addresses[0], StringComparer.Ordinal).ToList();
            for (var i = 0; i < sorted.Count; i += MaxEndpointsPerSlice)
            {
                slices.Add(Slice(service, view.Endpoints, group.Ports, sorted.GetRange(i, Math.Min(MaxEndpointsPerSlice, sorted.Count - i))));
            }
        }

        if (slices.Count == 0)
        {
            slices.Add(Slice(service, view.Endpoints, [], []));
        }

        return slices;
    }

    /// <summary>
    /// What to write to go from <paramref name="existing"/> to <paramref name="desired"/>: slices of the same address type and port set are
    /// reused in name order, then any left over are reused for any left to place, so a change writes as few as it can;
    /// a slice whose endpoints, ports, labels, annotations and owner are already as desired is not written at all. The
    /// mirroring controller plans its slices the same way.
    /// </summary>
    public static EndpointSlicePlan Plan(IReadOnlyList<EndpointSlice> desired, IReadOnlyList<EndpointSlice> existing)
    {
        var unplaced = new List<EndpointSlice>();
        var spare = existing.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        var updates = new List<EndpointSlice>();
        var unchanged = new List<EndpointSlice>();
        foreach (var slice in desired)
        {
            var key = PlanKey(slice);
            var match = spare.FindIndex(s => PlanKey(s) == key);
            if (match < 0)
            {
                unplaced.Add(slice);
                continue;
            }

            Place(spare[match], slice);
            spare.RemoveAt(match);
        }

        var creates = new List<EndpointSlice>();
        foreach (var slice in unplaced)
        {
            if (spare.Count == 0)
            {
                creates.Add(slice);
                continue;
            }

            Place(spare[0], slice);
            spare.RemoveAt(0);
        }

        return new EndpointSlicePlan(creates, updates, spare, unchanged);

        void Place(EndpointSlice current, EndpointSlice wanted)
        {
            if (Same(current, wanted))
            {
                unchanged.Add(current);
                return;
            }

            updates.Add(current with
            {
                Metadata = current.Metadata with { Labels = wanted.Metadata.Labels, Annotations = wanted.Metadata.Annotations, OwnerReferences = wanted.Metadata.OwnerReferences },
                AddressType = wanted.AddressType,
                Endpoints = wanted.Endpoints,
                Ports = wanted.Ports,
            });
        }
    }

    private static bool Same(EndpointSlice current, EndpointSlice wanted) =>
        current.AddressType == wanted.AddressType
        && StatusComparison.Same(current.Metadata.Labels, wanted.Metadata.Labels)
        && StatusComparison.Same(current.Metadata.Annotations, wanted.Metadata.Annotations)
        && StatusComparison.Same(current.Metadata.OwnerReferences ?? [], wanted.Metadata.OwnerReferences ?? [])
        && StatusComparison.Same(current.Ports ?? [], wanted.Ports ?? [])
        && StatusComparison.Same(current.Endpoints ?? [], wanted.Endpoints ?? []);

    private static string PlanKey(EndpointSlice slice) => $"{slice.AddressType}|{PortsKey(slice.Ports ?? [])}";

    private static string PortsKey(List<EndpointSlicePort> ports) => string.Join(",", ports.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}"));

    private static EndpointSliceEndpoint Endpoint(EndpointAddress address, bool ready, bool serving, bool terminating, Func<string, string?> zoneOf) => new()
    {
        Addresses = [address.Ip],
        Conditions = new EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
        Hostname = address.Hostname,
        NodeName = address.NodeName,
        Zone = address.NodeName is { } node ? zoneOf(node) : null,
        TargetRef = address.TargetRef,
    };

    private static EndpointSlice Slice(Service service, Endpoints endpoints, List<EndpointSlicePort> ports, List<EndpointSliceEndpoint> members)
    {
        var labels = new Dictionary<string, string>(endpoints.Metadata.Labels ?? [], StringComparer.Ordinal)
        {
            [ServiceNameLabel] = service.Metadata.Name!,
            [ManagedByLabel] = ControllerName,
        };
        return new EndpointSlice
        {
            ApiVersion = Kinds.EndpointSlice.ApiVersion,
            Kind = Kinds.EndpointSlice.Kind,
            Metadata = new ObjectMeta
            {
                GenerateName = service.Metadata.Name + "-",
                Namespace = service.Metadata.Namespace,
                Labels = labels,
                OwnerReferences = [ControllerRefs.For(service)],
            },
            AddressType = AddressType.IPv4,
            Endpoints = members,
            Ports = ports,
        };
    }
}
