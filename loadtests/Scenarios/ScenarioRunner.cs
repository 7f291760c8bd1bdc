using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;
using OrleansKube.Cli;
using OrleansKube.Control.Simulation;
using OrleansKube.Grains.Abstractions;
using OrleansKube.Grains.Hosting;
using OrleansKube.LoadTests.Api;
using OrleansKube.LoadTests.Cost;
using OrleansKube.LoadTests.Reporting;
using OrleansKube.Model.Meta;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// How a scenario is run: against an embedded silo or an existing cluster's gateway, and where the report goes.
/// <see cref="ApiWatchers"/>: the embedded silo serves the REST API and that many HTTP clients watch every pod meanwhile.
/// <see cref="FloorCalls"/>: the ping burst measuring an in-silo grain call's CPU before the run (embedded silo; 0: none).
/// </summary>
public sealed record RunOptions(string? Gateway, string? OutputDirectory, int MetricsPort = 0, int SiloPort = 11211, int GatewayPort = 30100, int? Seed = null, int ApiWatchers = 0, int FloorCalls = CallFloor.DefaultCalls);

/// <summary>Starts (or connects to) the cluster, runs a scenario, and writes its result, report and charts.</summary>
public static class ScenarioRunner
{
    public static async Task<int> RunAsync(Scenario scenario, RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var shape = scenario.Cluster;

        // A scenario that moves simulated time itself runs the embedded silo on a clock it can advance, and tracks the
        // silo's work in flight so a step of the clock ends once what it set off has run (not only fired).
        var advancing = options.Gateway is null && Flatten(scenario.Steps).Any(s => s is Advance)
            ? new AdvancingTimeProvider(shape.TimeScale == 1 ? TimeProvider.System : new ScaledTimeProvider(shape.TimeScale))
            : null;
        var quiescence = advancing is null ? null : new Quiescence();
        using var host = options.Gateway is null
            ? await EmbeddedSilo.StartAsync(shape.Nodes, shape.Cpu, shape.Memory, shape.PodStartDelay, null, cancellationToken, shape.TimeScale, shape.Zones, shape.MaxPods, options.MetricsPort, options.SiloPort, options.GatewayPort, options.Seed, advancing, api: options.ApiWatchers > 0, quiescence: quiescence)
            : await ClusterConnection.ConnectAsync(options.Gateway, cancellationToken);
        var embedded = advancing is null ? null : new EmbeddedClock(advancing, host.Services.GetRequiredService<SimulationClock>(), quiescence!);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var api = client.GetGrain<IApiGrain>(0);
        var nodes = await api.CountAsync(new ListQuery(Kinds.Node.Kind, null));
        var cluster = options.Gateway is null ? "an embedded silo" : $"the cluster at {options.Gateway}";
        await output.WriteLineAsync($"scenario {scenario.Name}: {scenario.Description}");
        await output.WriteLineAsync($"cluster: {nodes} nodes ({cluster}); params: {string.Join(", ", scenario.Params.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"))}");

        var startedAt = DateTimeOffset.UtcNow;
        // The run's namespaces are named after it: seeded, the same each time, so pods' keys (which pick their scheduler shard) repeat too.
        var runId = options.Seed is { } seed ? Seeds.Derive(seed, "loadtest/run").ToString("x8", CultureInfo.InvariantCulture)[..6] : Guid.NewGuid().ToString("N")[..6];
        var recorder = new RunRecorder(await api.NowAsync());

        // The embedded silo shares this process: its CPU, allocations, GC pauses and grain calls are the process's.
        using var calls = options.Gateway is null ? new GrainCallCounter(host.Services.GetRequiredService<IMeterFactory>()) : null;
        var cost = calls is null ? null : new CostMeter(calls);
        CallFloor? floor = null;
        if (calls is not null && options.FloorCalls > 0)
        {
            floor = await CallFloor.MeasureAsync(client, options.FloorCalls, calls, cancellationToken);
            await output.WriteLineAsync($"floor: {floor.CpuMicrosecondsPerCall:F1} µs CPU and {floor.BytesAllocatedPerCall:N0} bytes allocated per in-silo grain call ({floor.Calls} pings by {floor.Callers} callers, {floor.CallsPerSecond:F0} calls/s)");
        }

        using var listener = options.Gateway is null ? new SiloListener(host.Services.GetRequiredService<IMeterFactory>(), recorder, shape.TimeScale, cost) : null;
        await using var watchers = options.ApiWatchers > 0
            ? await ApiWatchers.StartAsync(host.Services.GetRequiredService<KubeApiServer>().Address!, options.ApiWatchers, cancellationToken)
            : null;
        var cpuBefore = ProcessCpu();
        var stepsOk = await ProgressView.RunAsync(output, async view =>
        {
            var run = new ScenarioRun(client, api, recorder, runId, view, embedded, cost);
            using var stop = new CancellationTokenSource();
            var sampling = run.SampleUntilAsync(stop.Token);
            var ok = await run.ExecuteAsync(scenario.Steps, "", cancellationToken);
            await stop.CancelAsync();
            await sampling;
            return ok;
        });

        WatchersResult? watched = null;
        if (watchers is not null)
        {
            watched = await watchers.SettleAsync(await api.CountAsync(new ListQuery(Kinds.Pod.Kind, null)), TimeSpan.FromMinutes(1), cancellationToken);
        }

        // The process's CPU over the steps and until the watchers have read every event (silo, load-test client and
        // watchers alike): the cost of the run's pods.
        var stepsCpu = ProcessCpu() - cpuBefore;

        MemoryUse? memory = null;
        if (options.Gateway is null)
        {
            // The embedded silo shares this process: its heap after a full collection is the cluster's memory.
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var pods = await api.CountAsync(new ListQuery(Kinds.Pod.Kind, null));
            memory = new MemoryUse(Environment.WorkingSet, heap, pods, pods > 0 ? heap / pods : null);
        }

        var result = ScenarioResult.From(scenario, cluster, nodes, options.Gateway is null ? shape.TimeScale : 1, startedAt, recorder, stepsOk, memory, watched, stepsCpu, cost?.Measure(floor), floor);
        var directory = options.OutputDirectory ?? Path.Combine("loadtest-results", $"{scenario.Name}-{startedAt:yyyyMMdd-HHmmss}");
        await ReportWriter.WriteAsync(result, directory);
        ReportWriter.WriteTable(result, directory, output);
        if (options.Gateway is not null)
        {
            // A shared cluster keeps nothing of the run: its namespaces (and with them everything in them) go.
            var namespaces = await api.ListAsync(new ListQuery(Kinds.Namespace.Kind, null, $"{ScenarioRun.RunLabel}={runId}"));
            await Task.WhenAll(namespaces.Select(n => api.DeleteAsync(Kinds.Namespace.Kind, null, n.Metadata.Name!)));
        }

        await host.StopAsync(CancellationToken.None);
        return result.Pass ? 0 : 1;
    }

    private static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;

    private static IEnumerable<Step> Flatten(IEnumerable<Step> steps) =>
        steps.SelectMany(s => s is Repeat r ? Flatten(r.Steps) : [s]);
}
