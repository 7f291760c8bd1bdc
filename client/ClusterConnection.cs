using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace OrleansKube.Cli;

/// <summary>
/// Connects okctl (and the load tests) to a silo cluster as an Orleans client, through one or several gateways
/// (<c>--server host:port,host:port</c>, or the option repeated): Orleans' static gateway list, so the client goes
/// on through another gateway when one silo is gone, and starts when the first one listed does not answer.
/// </summary>
public static class ClusterConnection
{
    public const string DefaultServer = "localhost:30000";
    public const string ServerVariable = "OKCTL_SERVER";
    public const string ClusterId = "orleanskube";

    /// <summary>How long the client may take to reach a gateway: a gateway whose silo is gone can keep it waiting for minutes.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An option taking a gateway list: each occurrence one value (so <c>--server a get pods web</c> leaves <c>web</c>
    /// alone), the occurrences joined with commas; the value is what <see cref="ConnectAsync"/> takes.
    /// </summary>
    public static Option<string> GatewayOption(string name, string alias, string description, Func<string> defaultValue)
    {
        var option = new Option<string>(name, [alias]) { Description = description, DefaultValueFactory = _ => defaultValue() };
        Gateways(option);
        return option;
    }

    /// <summary>Lets an option with one gateway list per occurrence be repeated (its values joined with commas).</summary>
    public static void Gateways(Option<string> option)
    {
        option.Arity = ArgumentArity.OneOrMore;
        option.AllowMultipleArgumentsPerToken = false;
        option.CustomParser = result => string.Join(',', result.Tokens.Select(t => t.Value));
    }

    public static async Task<IHost> ConnectAsync(string server, CancellationToken cancellationToken)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var (name, port) in Parse(server))
        {
            endpoints.Add(new IPEndPoint(await ResolveAsync(name, server), port));
        }

        // Only gateways that accept a connection now: the Orleans client retries a dead gateway through its whole start
        // (given only dead ones it kept trying for minutes), so okctl leaves dead ones out and, with none left, fails at once.
        var live = await AcceptingAsync(endpoints, cancellationToken);
        if (live.Count == 0)
        {
            throw new InvalidOperationException($"cannot reach the cluster at {server}: no gateway accepts connections (is the silo running? start it with `dotnet run --project silo`)");
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. live]);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMinutes(10));
            client.Services.AddKubeObjectSerializer();
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var reason = e is OperationCanceledException ? $"no gateway answered within {ConnectTimeout.TotalSeconds:0} s" : e.Message.Split('\n', 2)[0].Trim();
            throw new InvalidOperationException($"cannot reach the cluster at {server}: {reason} (is the silo running? start it with `dotnet run --project silo`)", e);
        }
    }

    /// <summary>
    /// The gateways of a <c>--server</c> value: <c>host:port</c> entries (a scheme such as <c>tcp://</c> ignored) separated
    /// by commas, duplicates once; throws <see cref="InvalidOperationException"/> naming the bad entry.
    /// </summary>
    public static IReadOnlyList<(string Host, int Port)> Parse(string server)
    {
        var gateways = new List<(string Host, int Port)>();
        foreach (var entry in server.Split(',', StringSplitOptions.TrimEntries))
        {
            var text = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"--server: invalid value \"{entry}\": expected host:port (several separated by commas), e.g. {DefaultServer}");
            }

            var gateway = (text[..colon].Trim('[', ']'), port);
            if (!gateways.Contains(gateway))
            {
                gateways.Add(gateway);
            }
        }

        return gateways;
    }

    /// <summary>How long a gateway may take to accept a TCP connection before okctl leaves it out.</summary>
    public static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The gateways, in order, that accept a TCP connection within <see cref="AcceptTimeout"/> (tried side by side).</summary>
    public static async Task<List<IPEndPoint>> AcceptingAsync(IReadOnlyList<IPEndPoint> endpoints, CancellationToken cancellationToken)
    {
        var accepted = await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AcceptTimeout);
            using var socket = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token);
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Both); // a clean close: the gateway sees an end, not a reset
                return true;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }));
        return [.. endpoints.Where((_, i) => accepted[i])];
    }

    private static async Task<IPAddress> ResolveAsync(string host, string server)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        try
        {
            return (await Dns.GetHostAddressesAsync(host)).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InvalidOperationException($"cannot reach the cluster at {server}: {host}: {e.Message}", e);
        }
    }
}
