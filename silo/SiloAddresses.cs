using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace OrleansKube.Silo;

/// <summary>
/// Where a silo listens and what it tells the others: the silo port, the gateway, the health, metrics and dashboard
/// endpoints bind <see cref="Listen"/> (loopback unless told otherwise, so a silo on a laptop is not on the network);
/// membership carries <see cref="Advertise"/>, the address other silos and clients reach it on.
/// </summary>
public sealed record SiloAddresses(IPAddress Listen, IPAddress Advertise)
{
    public static readonly SiloAddresses Loopback = new(IPAddress.Loopback, IPAddress.Loopback);

    public bool IsLoopback => IPAddress.IsLoopback(Listen) && IPAddress.IsLoopback(Advertise);

    /// <summary>
    /// The addresses from the options: no listen address listens where it advertises (loopback when neither is
    /// given); a wildcard listen address (<c>0.0.0.0</c>) with nothing advertised advertises the host's first
    /// up, non-loopback IPv4 address, as a pod's IP.
    /// </summary>
    public static SiloAddresses? Resolve(string? listen, string? advertise, Func<IEnumerable<IPAddress>> hostAddresses, out string? error)
    {
        error = null;
        IPAddress? listenAddress = null, advertiseAddress = null;
        if (listen is { Length: > 0 } && !TryParse(listen, "--listen-address", out listenAddress, out error))
        {
            return null;
        }

        if (advertise is { Length: > 0 } && !TryParse(advertise, "--advertise-address", out advertiseAddress, out error))
        {
            return null;
        }

        if (advertiseAddress is not null && IsWildcard(advertiseAddress))
        {
            error = $"--advertise-address: Invalid value: \"{advertise}\": must be an address other silos and clients can reach, not a wildcard";
            return null;
        }

        listenAddress ??= advertiseAddress ?? IPAddress.Loopback;
        if (advertiseAddress is null && IsWildcard(listenAddress))
        {
            advertiseAddress = hostAddresses().FirstOrDefault(a => a.AddressFamily == listenAddress.AddressFamily && !IPAddress.IsLoopback(a));
            if (advertiseAddress is null)
            {
                error = $"--advertise-address: Required value: the host has no non-loopback {(listenAddress.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address to advertise for --listen-address {listen}; give one";
                return null;
            }
        }

        return new SiloAddresses(listenAddress, advertiseAddress ?? listenAddress);
    }

    /// <summary>The host's up interfaces' unicast addresses, the way <see cref="Resolve"/> wants them.</summary>
    public static IEnumerable<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address);

    /// <summary>
    /// HttpListener prefixes for a port: both names of loopback (a listener bound to one answers 404 to the other),
    /// every host name on a wildcard, or the one address.
    /// </summary>
    public IReadOnlyList<string> HttpPrefixes(int port, string path = "/") =>
        IPAddress.IsLoopback(Listen) ? [$"http://localhost:{port}{path}", $"http://127.0.0.1:{port}{path}"]
        : IsWildcard(Listen) ? [$"http://+:{port}{path}"]
        : [$"http://{UrlHost(Listen)}:{port}{path}"];

    /// <summary>The host part of a URL Kestrel binds: <c>localhost</c>, <c>0.0.0.0</c>/<c>[::]</c>, or the address.</summary>
    public string KestrelHost => IPAddress.IsLoopback(Listen) ? "localhost" : UrlHost(Listen);

    /// <summary>How clients name this silo's gateway: <c>localhost</c> on loopback, else the advertised address.</summary>
    public string ClientHost => IPAddress.IsLoopback(Advertise) ? "localhost" : UrlHost(Advertise);

    private static string UrlHost(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool TryParse(string text, string option, out IPAddress? address, out string? error)
    {
        error = null;
        // Dotted quads or IPv6 only, as Go's net.ParseIP: .NET also takes inet_aton's short forms (10.1.2 is 10.1.0.2).
        if (IPAddress.TryParse(text, out address) && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3))
        {
            return true;
        }

        error = $"{option}: Invalid value: \"{text}\": must be an IP address such as 10.0.0.5 or 0.0.0.0";
        return false;
    }
}
