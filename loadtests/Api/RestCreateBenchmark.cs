using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.LoadTests.Api;

/// <summary>
/// Creates through the REST front: N concurrent HTTP clients (keep-alive connections) POST a fixed count of pods or
/// ConfigMaps to an embedded silo's API. Prints creates/s, the process's CPU per create and bytes allocated per create
/// (the process holds the silo and the clients: both are counted, as both would run on one machine).
/// </summary>
public static class RestCreateBenchmark
{
    public static readonly string[] Kinds = ["pods", "configmaps"];

    public static async Task<int> RunAsync(string kind, int clients, int count, int warmup, int nodes, TextWriter output, CancellationToken cancellationToken, int siloPort = 11211, int gatewayPort = 30100)
    {
        using var host = await EmbeddedSilo.StartAsync(nodes, "32", "256Gi", TimeSpan.FromSeconds(1), null, cancellationToken, siloPort: siloPort, gatewayPort: gatewayPort, api: true);
        var address = host.Services.GetRequiredService<KubeApiServer>().Address!;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan }) { BaseAddress = address };
        var path = $"/api/v1/namespaces/default/{kind}";

        // Unmeasured: the first calls compile the paths and open the connections.
        var failures = await CreateAsync(http, path, kind, "warm", clients, warmup, cancellationToken);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        failures += await CreateAsync(http, path, kind, "run", clients, count, cancellationToken);
        clock.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rest-creates {kind}: {count} creates by {clients} clients in {clock.Elapsed.TotalSeconds:F2} s: {count / clock.Elapsed.TotalSeconds:F0} creates/s, {cpuMs / count:F3} CPU ms per create, {bytes / count:N0} bytes allocated per create; {failures} failed"));
        await host.StopAsync(CancellationToken.None);
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Posts <paramref name="count"/> objects from <paramref name="clients"/> loops; returns how many were not 201.</summary>
    private static async Task<int> CreateAsync(HttpClient http, string path, string kind, string prefix, int clients, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var body = new StringContent(Body(kind, $"{prefix}-{i}"), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(path, body, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        await Console.Error.WriteLineAsync($"create {prefix}-{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    }
                }
            }
        }, cancellationToken)));
        return failed;
    }

    public static string Body(string kind, string name) => kind == "pods"
        ? """{"apiVersion":"v1","kind":"Pod","metadata":{"name":""" + $"\"{name}\"" + ""","labels":{"app":"bench"}},"spec":{"containers":[{"name":"main","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}"""
        : """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":""" + $"\"{name}\"" + ""","labels":{"app":"bench"}},"data":{"key":"value","config.yaml":"replicas: 3\nimage: registry.k8s.io/pause:3.10\n"}}""";
}
