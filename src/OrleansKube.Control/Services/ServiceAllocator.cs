using System.Globalization;
using System.Net;

namespace OrleansKube.Control.Services;

/// <summary>
/// The API server's Service allocations: ClusterIPs from the service CIDR (default <c>10.96.0.0/12</c>; the
/// network address, the broadcast address and the first address — the <c>kubernetes</c> Service's — are never
/// handed out) and NodePorts from 30000–32767, with upstream's refusals for taken and out-of-range values.
/// Allocation is all or nothing per Service.
/// </summary>
public sealed class ServiceAllocator
{
    public const string DefaultServiceCidr = "10.96.0.0/12";
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;

    private readonly uint _network;
    private readonly uint _size;
    private readonly string _cidr;
    private readonly HashSet<uint> _ips = [];
    private readonly HashSet<int> _ports = [];
    private uint _nextIp = 2;
    private int _nextPort = NodePortMin;

    public ServiceAllocator(string cidr = DefaultServiceCidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.GetAddressBytes().Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits is < 8 or > 30)
        {
            throw new FormatException($"invalid service CIDR \"{cidr}\": an IPv4 network of /8 to /30 is expected");
        }

        _size = 1u << (32 - bits);
        _network = ToUint(address) & ~(_size - 1);
        _cidr = $"{ToAddress(_network)}/{bits}";
        _ips.Add(_network + 1); // the kubernetes Service's
    }

    /// <summary>Allocates what <paramref name="service"/> asks for (or needs) and fills it in; returns field errors, allocating nothing on any.</summary>
    public List<string> Allocate(Service service)
    {
        var spec = service.Spec!;
        var errors = new List<string>();
        uint? ip = null;
        var headless = spec.ClusterIP == "None";
        if (!headless && spec.Type != ServiceType.ExternalName)
        {
            if (string.IsNullOrEmpty(spec.ClusterIP))
            {
                ip = NextFreeIp();
                if (ip is null)
                {
                    errors.Add($"spec.clusterIPs: Internal error: failed to allocate a serviceIP: range is full");
                }
            }
            else if (!IPAddress.TryParse(spec.ClusterIP, out var requested) || requested.GetAddressBytes().Length != 4)
            {
                errors.Add($"spec.clusterIPs[0]: Invalid value: \"{spec.ClusterIP}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
            else if (!InRange(ToUint(requested)))
            {
                errors.Add($"spec.clusterIPs: Invalid value: []string{{\"{spec.ClusterIP}\"}}: failed to allocate IP {spec.ClusterIP}: provided IP is not in the valid range. The range of valid IPs is {_cidr}");
            }
            else if (_ips.Contains(ToUint(requested)))
            {
                errors.Add($"spec.clusterIPs: Invalid value: []string{{\"{spec.ClusterIP}\"}}: failed to allocate IP {spec.ClusterIP}: provided IP is already allocated");
            }
            else
            {
                ip = ToUint(requested);
            }
        }

        var ports = new List<(ServicePort Port, int Value)>();
        if (spec.Type is ServiceType.NodePort or ServiceType.LoadBalancer)
        {
            var taken = new HashSet<int>();
            for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
            {
                var port = spec.Ports![i];
                if (port.NodePort is { } requested)
                {
                    if (requested is < NodePortMin or > NodePortMax)
                    {
                        errors.Add($"spec.ports[{i}].nodePort: Invalid value: {requested}: provided port is not in the valid range. The range of valid ports is {NodePortMin}-{NodePortMax}");
                    }
                    else if (_ports.Contains(requested) || !taken.Add(requested))
                    {
                        errors.Add($"spec.ports[{i}].nodePort: Invalid value: {requested}: provided port is already allocated");
                    }
                    else
                    {
                        ports.Add((port, requested));
                    }
                }
            }

            // A LoadBalancer with allocateLoadBalancerNodePorts: false gets only the node ports it names.
            var allocate = spec.Type is ServiceType.NodePort || spec.AllocateLoadBalancerNodePorts != false;
            foreach (var port in (spec.Ports ?? []).Where(p => allocate && p.NodePort is null))
            {
                if (NextFreePort(taken) is { } free)
                {
                    taken.Add(free);
                    ports.Add((port, free));
                }
                else
                {
                    errors.Add("spec.ports: Internal error: failed to allocate a nodePort: range is full");
                }
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (ip is { } allocated)
        {
            _ips.Add(allocated);
            spec.ClusterIP = ToAddress(allocated);
            spec.ClusterIPs = [spec.ClusterIP];

            // The API server's single-stack IPv4 families for an allocated ClusterIP.
            spec.IpFamilies ??= ["IPv4"];
            spec.IpFamilyPolicy ??= "SingleStack";
        }
        else if (headless)
        {
            spec.ClusterIPs = ["None"];
        }

        foreach (var (port, value) in ports)
        {
            _ports.Add(value);
            port.NodePort = value;
        }

        return errors;
    }

    /// <summary>
    /// Takes what stored Services already hold (their ClusterIPs and NodePorts) as allocated: an allocator that starts
    /// again after losing its memory (its silo died) then never hands one out twice. Addresses outside the range are
    /// ignored, as upstream's repair loop reports rather than holds them.
    /// </summary>
    public void Restore(IEnumerable<Service> services)
    {
        foreach (var service in services)
        {
            foreach (var text in (service.Spec?.ClusterIPs ?? []).Append(service.Spec?.ClusterIP))
            {
                if (text is not null && IPAddress.TryParse(text, out var address) && address.GetAddressBytes().Length == 4 && InRange(ToUint(address)))
                {
                    _ips.Add(ToUint(address));
                }
            }

            foreach (var port in service.Spec?.Ports ?? [])
            {
                if (port.NodePort is { } value and >= NodePortMin and <= NodePortMax)
                {
                    _ports.Add(value);
                }
            }
        }
    }

    /// <summary>Gives back what a deleted Service held.</summary>
    public void Release(Service service)
    {
        if (service.Spec?.ClusterIP is { } text && IPAddress.TryParse(text, out var address) && address.GetAddressBytes().Length == 4)
        {
            _ips.Remove(ToUint(address));
        }

        foreach (var port in service.Spec?.Ports ?? [])
        {
            if (port.NodePort is { } value)
            {
                _ports.Remove(value);
            }
        }
    }

    private bool InRange(uint ip) => ip - _network is > 0 and var offset && offset < _size - 1;

    private uint? NextFreeIp()
    {
        for (uint tried = 0; tried < _size; tried++)
        {
            var candidate = _network + _nextIp;
            _nextIp = _nextIp + 1 >= _size - 1 ? 2 : _nextIp + 1;
            if (InRange(candidate) && !_ips.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private int? NextFreePort(HashSet<int> taken)
    {
        for (var tried = 0; tried <= NodePortMax - NodePortMin; tried++)
        {
            var candidate = _nextPort;
            _nextPort = _nextPort == NodePortMax ? NodePortMin : _nextPort + 1;
            if (!_ports.Contains(candidate) && !taken.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static uint ToUint(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToAddress(uint ip) => $"{ip >> 24}.{(ip >> 16) & 255}.{(ip >> 8) & 255}.{ip & 255}";
}
