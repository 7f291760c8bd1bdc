using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A throw-away redis-server (Debian's package; <c>.ci/run</c> installs it) on a free loopback port, without
/// persistence to disk unless asked: the durable store of a test cluster, which outlives the test's silos. Tests
/// of store failures restart it empty, restart it on its data, or pause it.
/// <para>
/// A persistent one keeps an append-only file with <c>appendfsync always</c>: Redis writes and fsyncs a command
/// before it answers it, so what it acknowledged survives even a <c>kill -9</c> (with <c>everysec</c>, the default, a
/// write is in the kernel before the answer unless a slow disk postponed it, and a machine crash loses up to ~2 s).
/// </para>
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string? _directory;
    private Process _process;

    private readonly IPAddress _address;

    private RedisServer(Process process, int port, string? directory, IPAddress address)
    {
        _process = process;
        _address = address;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public string Configuration => $"{_address}:{Port}";

    /// <summary>
    /// Starts a server; with <paramref name="appendOnly"/> it keeps its data in a temporary directory, as a persistent
    /// store does. It binds loopback unless given an <paramref name="address"/> (a bridge's, for silos in network namespaces).
    /// </summary>
    public static async Task<RedisServer> StartAsync(bool appendOnly = false, IPAddress? address = null)
    {
        var port = Helpers.FreePort();
        var directory = appendOnly ? Directory.CreateTempSubdirectory("okube-redis-").FullName : null;
        address ??= IPAddress.Loopback;
        return new RedisServer(await StartProcessAsync(port, directory, address), port, directory, address);
    }

    /// <summary>Kills the server and starts an empty one on the same port (its data gone, as after a restart without persistence).</summary>
    public async Task RestartEmptyAsync()
    {
        await Helpers.StopServerAsync(_process);
        if (_directory is not null)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(_directory))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        _process = await StartProcessAsync(Port, _directory, _address);
    }

    /// <summary>Asks the server to SHUTDOWN (it flushes its append-only file) and starts it again on the same directory and port.</summary>
    public async Task ShutdownAndStartAsync()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(_address, Port);
            await client.GetStream().WriteAsync("*1\r\n$8\r\nSHUTDOWN\r\n"u8.ToArray());
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        _process = await StartProcessAsync(Port, _directory, _address);
    }

    /// <summary>Kills the server (SIGKILL: no flush, no goodbye) and starts it again on the same directory and port.</summary>
    public async Task KillAndStartAsync()
    {
        await Helpers.StopServerAsync(_process);
        _process = await StartProcessAsync(Port, _directory, _address);
    }

    /// <summary>Stops the server's process (SIGSTOP): connections stay open, nothing is answered.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        Resume();
        await Helpers.StopServerAsync(_process);
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Signal(string signal)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static async Task<Process> StartProcessAsync(int port, string? directory, IPAddress address)
    {
        string[] persistence = directory is null ? ["--save", "", "--appendonly", "no"] : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", directory];
        var process = Helpers.StartServer("redis-server", "redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", address.ToString(), "--protected-mode", "no", .. persistence]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(address, port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50); // real time: the server process starts on the wall clock
            }
        }
    }
}
