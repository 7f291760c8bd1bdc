using System.Net;
using System.Net.Sockets;
using OrleansKube.Control.Workloads;

namespace OrleansKube.Control.Services;

/// <summary>
/// Upstream's EndpointSliceMirroring controller as pure functions: the Endpoints a user writes for a Service without a
/// selector are mirrored into EndpointSlices, one per address type and port set (the subsets repacked first), at most
/// <see cref="MaxEndpointsPerSubset"/> addresses each; ready addresses as ready, notReadyAddresses as not ready (the only
/// condition it sets). The slices carry the Endpoints' labels and annotations and are controlled by the Endpoints.
/// </summary>
public static class EndpointSliceMirroring
{
    /// <summary>Upstream's <c>--mirroring-max-endpoints-per-subset</c> default.</summary>
    public const int MaxEndpointsPerSubset = 1000;

    public const string ControllerName = "endpointslicemirroring-controller.k8s.io";

    /// <summary>Set to "true" on Endpoints that must not be mirrored (e.g. those a controller keeps slices for itself).</summary>
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>Endpoints used as a leader-election lock carry it; they are not mirrored.</summary>
    public const string LeaderElectionAnnotation = "control-plane.alpha.kubernetes.io/leader";

    public const string InvalidIPAddressReason = "InvalidIPAddress";
    public const string TooManyAddressesReason = "TooManyAddressesToMirror";

    // Not copied from the Endpoints onto their slices (upstream's EndpointsLastChangeTriggerTime and LastAppliedConfigAnnotation).
    private static readonly string[] AnnotationsNotMirrored = ["endpoints.kubernetes.io/last-change-trigger-time", "kubectl.kubernetes.io/last-applied-configuration"];

    /// <summary>
    /// Whether <paramref name="endpoints"/> are mirrored: their Service exists, has no selector and is not ExternalName, and
    /// the Endpoints are neither marked skip-mirror nor a leader-election lock. Otherwise any mirrored slices go.
    /// </summary>
    public static bool ShouldMirror(Service? service, Endpoints? endpoints) =>
        service is { Metadata.DeletionTimestamp: null } && service.Spec?.Selector is not { Count: > 0 } && service.Spec?.Type != ServiceType.ExternalName
        && endpoints is not null
        && endpoints.Metadata.Labels?.GetValueOrDefault(SkipMirrorLabel) != "true"
        && endpoints.Metadata.Annotations?.ContainsKey(LeaderElectionAnnotation) != true;

    /// <summary>The slices the Endpoints ask for (without names) and the events upstream records about what it left out.</summary>
    public static EndpointSliceMirror Desired(Endpoints endpoints)
    {
        var groups = new SortedDictionary<string, (AddressType Type, List<EndpointSlicePort> Ports, List<EndpointSliceEndpoint> Endpoints)>(StringComparer.Ordinal);
        var invalid = 0;
        var skipped = 0;
        foreach (var subset in Repack(endpoints.Subsets ?? []))
        {
            var ports = subset.Ports;
            var added = 0;
            foreach (var (address, ready) in subset.Addresses)
            {
                if (!IPAddress.TryParse(address.Ip, out var ip) || ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                {
                    invalid++;
                    skipped++;
                    continue;
                }

                if (added == MaxEndpointsPerSubset)
                {
                    skipped++;
                    continue;
                }

                var type = ip.AddressFamily == AddressFamily.InterNetwork ? AddressType.IPv4 : AddressType.IPv6;
                var key = $"{type}|{PortsKey(ports)}";
                if (!groups.TryGetValue(key, out var group))
                {
                    group = groups[key] = (type, ports, []);
                }

                group.Endpoints.Add(new EndpointSliceEndpoint
                {
                    Addresses = [ip.ToString()],
                    Conditions = new EndpointConditions { Ready = ready },
                    Hostname = string.IsNullOrEmpty(address.Hostname) ? null : address.Hostname,
                    NodeName = address.NodeName,
                    TargetRef = address.TargetRef,
                });
                added++;
            }
        }

        var slices = groups.Values.Select(g => Slice(endpoints, g.Type, g.Ports, g.Endpoints)).ToList();
        List<(string Type, string Reason, string Message)> events = [];
        if (invalid > 0)
        {
            events.Add(("Warning", InvalidIPAddressReason, $"Skipped {invalid} invalid IP addresses when mirroring to EndpointSlices"));
        }

        if (skipped > invalid)
        {
            events.Add(("Warning", TooManyAddressesReason, $"A max of {MaxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. {skipped} addresses were skipped"));
        }

        return new EndpointSliceMirror(slices, events);
    }

    /// <summary>
    /// Upstream's RepackSubsets: subsets with the same ports become one, an address listed twice counts once (ready wins
    /// over not ready), ready addresses come first, each kind ordered by IP.
    /// </summary>
    private static List<(List<EndpointSlicePort> Ports, List<(EndpointAddress Address, bool Ready)> Addresses)> Repack(List<EndpointSubset> subsets)
    {
        var byPorts = new SortedDictionary<string, (List<EndpointSlicePort> Ports, Dictionary<string, (EndpointAddress Address, bool Ready)> Addresses)>(StringComparer.Ordinal);
        foreach (var subset in subsets)
        {
            var ports = (subset.Ports ?? [])
                .Select(p => new EndpointSlicePort { Name = p.Name ?? "", Port = p.Port, Protocol = p.Protocol ?? Protocol.TCP, AppProtocol = p.AppProtocol })
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port).ThenBy(p => p.Protocol)
                .ToList();
            var key = PortsKey(ports);
            if (!byPorts.TryGetValue(key, out var merged))
            {
                merged = byPorts[key] = (ports, new(StringComparer.Ordinal));
            }

            foreach (var address in subset.Addresses ?? [])
            {
                merged.Addresses[address.Ip] = (address, true);
            }

            foreach (var address in subset.NotReadyAddresses ?? [])
            {
                merged.Addresses.TryAdd(address.Ip, (address, false));
            }
        }

        return [.. byPorts.Values.Select(m => (m.Ports, m.Addresses.Values
            .OrderByDescending(a => a.Ready).ThenBy(a => a.Address.Ip, StringComparer.Ordinal).ToList()))];
    }

    private static string PortsKey(List<EndpointSlicePort> ports) => string.Join(",", ports.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}/{p.AppProtocol}"));

    private static EndpointSlice Slice(Endpoints endpoints, AddressType type, List<EndpointSlicePort> ports, List<EndpointSliceEndpoint> members)
    {
        var labels = new Dictionary<string, string>(endpoints.Metadata.Labels ?? [], StringComparer.Ordinal)
        {
            [EndpointSlices.ServiceNameLabel] = endpoints.Metadata.Name!,
            [EndpointSlices.ManagedByLabel] = ControllerName,
        };
        var annotations = (endpoints.Metadata.Annotations ?? [])
            .Where(a => !AnnotationsNotMirrored.Contains(a.Key))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return new EndpointSlice
        {
            ApiVersion = Kinds.EndpointSlice.ApiVersion,
            Kind = Kinds.EndpointSlice.Kind,
            Metadata = new ObjectMeta
            {
                GenerateName = endpoints.Metadata.Name + "-",
                Namespace = endpoints.Metadata.Namespace,
                Labels = labels,
                Annotations = annotations.Count == 0 ? null : annotations,
                OwnerReferences = [ControllerRefs.For(endpoints)],
            },
            AddressType = type,
            Endpoints = members,
            Ports = ports,
        };
    }
}
