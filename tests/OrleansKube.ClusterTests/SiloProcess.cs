using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A real silo process (the silo host this test project builds), on free loopback ports, in durable mode on a
/// test Redis; its output is kept for assertions and failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int healthPort, int metricsPort, IPAddress? address = null)
    {
        _process = process;
        Address = address ?? IPAddress.Loopback;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HealthPort = healthPort;
        MetricsPort = metricsPort;
    }

    /// <summary>The address it listens and is reached on: loopback, or its network namespace's.</summary>
    public IPAddress Address { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    public int MetricsPort { get; }

    public string Server => $"{Host}:{GatewayPort}";

    private string Host => IPAddress.IsLoopback(Address) ? "localhost" : Address.ToString();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far (stdout and stderr, interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Only what it wrote to stderr.</summary>
    public string Errors { get; private set; } = "";

    /// <summary>A silo on free loopback ports of <paramref name="redis"/>; an option in <paramref name="more"/> that is also a default (e.g. <c>--api-port</c>) replaces it.</summary>
    public static SiloProcess Start(RedisServer redis, double timeScale = 10, params string[] more)
    {
        var (silo, gateway, health, metrics) = (Helpers.FreePort(), Helpers.FreePort(), Helpers.FreePort(), Helpers.FreePort());
        (string Option, string Value)[] defaults =
        [
            ("--redis", redis.Configuration), ("--silo-port", Text(silo)), ("--gateway-port", Text(gateway)), ("--health-port", Text(health)),
            ("--metrics-port", Text(metrics)), ("--dashboard-port", "0"), ("--api-port", "0"), ("--time-scale", timeScale.ToString(CultureInfo.InvariantCulture)),
        ];
        string[] arguments = [.. defaults.Where(d => !more.Contains(d.Option)).SelectMany(d => new[] { d.Option, d.Value }), .. more];
        return Start(new ProcessStartInfo(Program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }, silo, gateway, health, metrics, null);
    }

    /// <summary>
    /// A silo in a network namespace of its own, listening on (and advertising) that namespace's address; its ports
    /// are the defaults, as on a host of its own.
    /// </summary>
    public static SiloProcess StartIn(NetworkNamespaces network, int host, string redis, double timeScale = 10, params string[] more)
    {
        var (name, address) = network.Hosts[host];
        string[] arguments =
        [
            "--redis", redis, "--listen-address", address.ToString(), "--silo-port", "11111", "--gateway-port", "30000",
            "--health-port", "8090", "--metrics-port", "9464", "--dashboard-port", "0", "--api-port", "0",
            "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture), .. more,
        ];
        return Start(network.StartInfo(name, Program, arguments), 11111, 30000, 8090, 9464, address);
    }

    internal static string Program => Path.Combine(AppContext.BaseDirectory, "OrleansKube.Silo");

    internal static SiloProcess Start(ProcessStartInfo start, int silo, int gateway, int health, int metrics, IPAddress? address)
    {
        var process = Process.Start(start)!;
        var result = new SiloProcess(process, silo, gateway, health, metrics, address);
        process.OutputDataReceived += (_, e) => result.Append(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data, error: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits until the silo has finished starting (it logs that it is running); fails if it exits first.</summary>
    public async Task StartedAsync(int seconds = 120)
    {
        await RealTime.UntilAsync(() => Task.FromResult(HasExited || Output.Contains("OrleansKube is running", StringComparison.Ordinal)), () => $"the silo starts: {Output}", seconds);
        Assert.False(HasExited, $"the silo exited while starting: {Output}");
    }

    /// <summary>Waits until okctl gets the nodes through this silo's gateway; fails if the silo exits first.</summary>
    public async Task ServesAsync(int seconds = 60)
    {
        await RealTime.UntilAsync(async () => HasExited || (await OkctlAsync("get", "nodes")).Exit == 0, () => $"the silo at {Server} serves: {Output}", seconds);
        Assert.False(HasExited, $"the silo at {Server} exited: {Output}");
    }

    /// <summary>What an HTTP GET of the health endpoint answers (status, body), or null while nothing listens.</summary>
    public async Task<(int Status, string Body)?> HealthAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://{(IPAddress.IsLoopback(Address) ? "127.0.0.1" : Host)}:{HealthPort}{path}"));
            return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The silo's Prometheus scrape.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://{Host}:{MetricsPort}/metrics"));
    }

    /// <summary>Runs okctl (in this process, as the okctl program does: its own client) against the silo's gateway; returns its exit code and output.</summary>
    public Task<(int Exit, string Out, string Err)> OkctlAsync(params string[] args) => OkctlAtAsync(Server, args);

    /// <summary>Runs okctl as <see cref="OkctlAsync"/> does, against the gateways of <paramref name="server"/> (<c>--server</c>'s value).</summary>
    public static async Task<(int Exit, string Out, string Err)> OkctlAtAsync(string server, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var hosts = new List<IDisposable>();
        try
        {
            var context = new Cli.OkctlContext(output, error, new StringReader(""), TimeProvider.System, async (server, ct) =>
            {
                var host = await Cli.ClusterConnection.ConnectAsync(server, ct);
                hosts.Add(host);
                return host.Services.GetRequiredService<IClusterClient>();
            });
            var exit = await Cli.Okctl.RunAsync(["--server", server, .. args], context);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Asks the silo to stop (SIGTERM) and waits for it; returns how long it took.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", Text(_process.Id)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would: it leaves its membership row behind.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (error)
            {
                Errors += line + "\n";
            }
        }
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
