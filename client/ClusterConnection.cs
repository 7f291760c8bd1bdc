using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace OrleansKube.Cli;

/// <summary>Connects okctl to a silo's gateway (<c>--server host:port</c>) as an Orleans client.</summary>
public static class ClusterConnection
{
    public const string DefaultServer = "localhost:30000";
    public const string ServerVariable = "OKCTL_SERVER";
    public const string ClusterId = "orleanskube";

    public static async Task<IHost> ConnectAsync(string server, CancellationToken cancellationToken)
    {
        var endpoint = await ParseAsync(server);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoint);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMinutes(10));
            client.Services.AddKubeObjectSerializer();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new InvalidOperationException($"cannot reach the cluster at {server}: {e.Message} (is the silo running? start it with `dotnet run --project silo`)", e);
        }
    }

    private static async Task<IPEndPoint> ParseAsync(string server)
    {
        var text = server.Contains("://", StringComparison.Ordinal) ? server[(server.IndexOf("://", StringComparison.Ordinal) + 3)..] : server;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"--server: invalid value \"{server}\": expected host:port, e.g. {DefaultServer}");
        }

        var host = text[..colon];
        var address = IPAddress.TryParse(host, out var ip) ? ip
            : (await Dns.GetHostAddressesAsync(host)).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
        return new IPEndPoint(address, port);
    }
}
