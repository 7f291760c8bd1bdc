using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A throw-away redis-server (Debian's package; <c>.ci/run</c> installs it) on a free loopback port, without
/// persistence to disk: the durable store of a test cluster, which outlives the test's silos.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var port = Helpers.FreePort();
        var process = Helpers.StartServer("redis-server", "redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisServer(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50); // real time: the server process starts on the wall clock
            }
        }
    }

    public ValueTask DisposeAsync() => new(Helpers.StopServerAsync(_process));
}
