namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>A host port a container binds: its address (0.0.0.0: every one, the default), protocol (TCP by default) and port.</summary>
public readonly record struct HostPort(string Ip, Protocol Protocol, int Port)
{
    public const string AllAddresses = "0.0.0.0";

    /// <summary>Whether two bindings clash: the same protocol and port, on the same address or with either on every one.</summary>
    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == AllAddresses || other.Ip == AllAddresses);

    /// <summary>The host ports the pod's containers ask for (upstream counts its app containers' ports with a hostPort above 0).</summary>
    public static HostPort[] Of(PodSpec spec)
    {
        List<HostPort>? ports = null;
        foreach (var container in spec.Containers)
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0 and var hostPort)
                {
                    (ports ??= []).Add(new HostPort(string.IsNullOrEmpty(port.HostIP) ? AllAddresses : port.HostIP, port.Protocol ?? Protocol.TCP, hostPort));
                }
            }
        }

        return ports is null ? [] : [.. ports];
    }
}
