using System.Diagnostics;
using System.Net;

namespace OrleansKube.ClusterTests;

/// <summary>
/// Hosts without leaving the machine: Linux network namespaces, each with its own address on a private /24, joined
/// by veth pairs to a bridge in the test's own namespace, which holds the subnet's first address (where the test's
/// Redis and clients sit). Each namespace has its own loopback and port space, so processes in them are as far apart
/// as the network is concerned as processes on separate hosts. Needs root (CAP_NET_ADMIN) and iproute2.
/// </summary>
public sealed class NetworkNamespaces : IDisposable
{
    private readonly string _id;
    private readonly List<string> _created = [];

    private NetworkNamespaces(string id, IPAddress bridge, IReadOnlyList<(string Name, IPAddress Address)> hosts)
    {
        _id = id;
        Bridge = bridge;
        Hosts = hosts;
    }

    /// <summary>The test namespace's side of the bridge (the subnet's .1).</summary>
    public IPAddress Bridge { get; }

    /// <summary>The namespaces, each with its address (.2, .3, …).</summary>
    public IReadOnlyList<(string Name, IPAddress Address)> Hosts { get; }

    /// <summary>Makes <paramref name="count"/> namespaces; null with the reason when this machine cannot.</summary>
    public static NetworkNamespaces? TryCreate(int count, out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "network namespaces are Linux's";
            return null;
        }

        if (Run("ip", "-V").Exit != 0)
        {
            reason = "iproute2's `ip` is not installed (apt-get install iproute2)";
            return null;
        }

        var id = Guid.NewGuid().ToString("N")[..6];
        var routes = Run("ip", "-4", "route").Output;
        var subnet = Enumerable.Range(0, 50).Select(_ => $"10.{200 + Random.Shared.Next(50)}.{Random.Shared.Next(256)}").First(s => !routes.Contains(s + ".", StringComparison.Ordinal));
        var hosts = Enumerable.Range(0, count).Select(i => ($"okube-{id}-{i}", IPAddress.Parse($"{subnet}.{i + 2}"))).ToList();
        var namespaces = new NetworkNamespaces(id, IPAddress.Parse($"{subnet}.1"), hosts);
        try
        {
            var bridge = $"okb{id}";
            namespaces.Must("ip", "link", "add", bridge, "type", "bridge");
            namespaces._created.Add("link:" + bridge);
            namespaces.Must("ip", "addr", "add", $"{subnet}.1/24", "dev", bridge);
            namespaces.Must("ip", "link", "set", bridge, "up");
            for (var i = 0; i < count; i++)
            {
                var (name, address) = hosts[i];
                var (outside, inside) = ($"okv{id}{i}", $"okp{id}{i}");
                namespaces.Must("ip", "netns", "add", name);
                namespaces._created.Add("netns:" + name);
                namespaces.Must("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
                namespaces.Must("ip", "link", "set", inside, "netns", name);
                namespaces.Must("ip", "link", "set", outside, "master", bridge, "up");
                namespaces.Must("ip", "netns", "exec", name, "ip", "addr", "add", $"{address}/24", "dev", inside);
                namespaces.Must("ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
                namespaces.Must("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            }

            return namespaces;
        }
        catch (InvalidOperationException e)
        {
            namespaces.Dispose();
            reason = e.Message;
            return null;
        }
    }

    /// <summary>A start for <paramref name="program"/> inside the namespace (<c>ip netns exec</c> execs it: the process is the program).</summary>
    public ProcessStartInfo StartInfo(string host, string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", host, program }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    public void Dispose()
    {
        // Deleting a namespace deletes the veth end in it, and with it the peer on the bridge.
        foreach (var item in Enumerable.Reverse(_created))
        {
            var (kind, name) = (item[..item.IndexOf(':', StringComparison.Ordinal)], item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            _ = kind == "netns" ? Run("ip", "netns", "del", name) : Run("ip", "link", "del", name);
        }

        _created.Clear();
    }

    public override string ToString() => $"{_id}: bridge {Bridge}, " + string.Join(", ", Hosts.Select(h => $"{h.Name} {h.Address}"));

    private void Must(params string[] command)
    {
        var (exit, output) = Run(command);
        if (exit != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed ({exit}): {output.Trim()} — network namespaces need root (CAP_NET_ADMIN)");
        }
    }

    private static (int Exit, string Output) Run(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, e.Message);
        }
    }
}
