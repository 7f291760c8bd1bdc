using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Model.Coordination;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;

namespace OrleansKube.LoadTests;

/// <summary>
/// An idle cluster's cost: N nodes whose kubelets renew their leases (and report status) at upstream's
/// intervals, scaled by the time scale, with the node lifecycle controller watching. After the nodes are up
/// and a settling minute (simulated), it measures the process's CPU over a window and reports memory, and
/// whether any node was wrongly found unreachable.
/// </summary>
public static class IdleClusterBenchmark
{
    public static async Task<int> RunAsync(int nodeCount, TimeSpan window, double timeScale, TextWriter output, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.StartNew();
        using var host = await EmbeddedSilo.StartAsync(nodeCount, "32", "256Gi", TimeSpan.Zero, null, cancellationToken, timeScale);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var api = client.GetGrain<IApiGrain>(0);
        while ((await api.ListAsync(new ListQuery("nodes", null))).Count < nodeCount)
        {
            await Task.Delay(500, cancellationToken);
        }

        var registered = startedAt.Elapsed;

        // Every kubelet renews at least once (10 s simulated) before the window opens.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(2, 15 / timeScale)), cancellationToken);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var elapsed = wall.Elapsed;

        var nodes = await api.ListAsync(new ListQuery("nodes", null));
        var notReady = nodes.Cast<Node>().Count(n => n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != ConditionStatus.True);
        var unreachable = (await client.GetGrain<INodeLifecycleControllerGrain>(0).GetUnreachableAsync()).Count;
        var leaseList = await api.ListAsync(new ListQuery("leases", "kube-node-lease"));
        var leases = leaseList.Count;
        var simulatedNow = host.Services.GetRequiredService<OrleansKube.Grains.Hosting.SimulationClock>().Time.GetUtcNow();
        var oldestRenewal = leaseList.Cast<Lease>().Max(l => simulatedNow - (l.Spec?.RenewTime ?? DateTimeOffset.MinValue));
        process.Refresh();
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        await output.WriteLineAsync(
            $"idle cluster   {nodeCount,6} nodes  time scale ×{timeScale:G}  registered in {registered.TotalSeconds:F1} s  " +
            $"window {elapsed.TotalSeconds:F0} s wall ({elapsed.TotalSeconds * timeScale:F0} s simulated)  " +
            $"cpu {cpu.TotalSeconds / elapsed.TotalSeconds * 100,5:F1} % of one core  " +
            $"working set {process.WorkingSet64 / 1048576,5} MiB  managed heap {heap / 1048576,5} MiB  " +
            $"leases {leases} (oldest renewal {oldestRenewal.TotalSeconds:F1} s ago, simulated)  not ready {notReady}  marked unreachable {unreachable}");
        await host.StopAsync(CancellationToken.None);
        return notReady == 0 && unreachable == 0 && leases == nodeCount ? 0 : 1;
    }
}
