using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansKube.LoadTests.Api;
using OrleansKube.LoadTests.Cost;
using OrleansKube.LoadTests.Scenarios;

namespace OrleansKube.LoadTests.Reporting;

public sealed record Percentiles(int Count, double P50, double P90, double P99, double Max)
{
    /// <summary>Nearest-rank percentiles (as ClusterLoader2 reports them); null for no values.</summary>
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.90), At(0.99), sorted[^1]);
    }
}

public sealed record SloVerdict(string Name, double ThresholdSeconds, double? MeasuredSeconds, bool Pass);

public sealed record MemoryUse(long WorkingSetBytes, long ManagedHeapBytes, int Pods, long? ManagedBytesPerPod);

public sealed record Histogram(double BucketSeconds, IReadOnlyList<int> Counts);

/// <summary>Time series for the charts: seconds from the run's start.</summary>
public sealed record ResultSeries(
    IReadOnlyList<Sample> PodsOverTime,
    IReadOnlyList<(double Seconds, int Pods)> CreatedPerSecond,
    IReadOnlyList<(double Seconds, int Pods)> ScheduledPerSecond,
    IReadOnlyList<(double Seconds, int Pods)> RunningPerSecond,
    Histogram StartupLatency);

/// <summary>
/// The machine-readable result of one run (written as <c>result.json</c>). <see cref="StepsCpuSeconds"/> is the process's
/// CPU over all the steps; <see cref="CpuMsPerPod"/> and <see cref="Cost"/> cover the embedded silo's first create to
/// its last pod Running, the window of <see cref="PodsPerSecond"/>.
/// </summary>
public sealed record ScenarioResult(
    string Scenario,
    string Description,
    DateTimeOffset StartedAt,
    string Cluster,
    int Nodes,
    double TimeScale,
    IReadOnlyDictionary<string, double> Params,
    IReadOnlyList<StepResult> Steps,
    string LatencySource,
    int PodsCreated,
    int PodsRunning,
    double? FirstCreateToLastRunningSeconds,
    double? PodsPerSecond,
    int PeakScheduledPerSecond,
    Percentiles? PodStartupLatency,
    Percentiles? SchedulingLatency,
    IReadOnlyDictionary<string, Percentiles> ApiCallLatency,
    MemoryUse? Memory,
    IReadOnlyList<HeapMeasurement> Heap,
    WatchersResult? ApiWatchers,
    double? StepsCpuSeconds,
    double? CpuMsPerPod,
    PodCost? Cost,
    CallFloor? CallFloor,
    IReadOnlyList<SloVerdict> Slos,
    bool StepsOk,
    bool Pass,
    [property: JsonIgnore] ResultSeries Series)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, not HTML: keep × and ' readable
    };

    [JsonPropertyName("series")]
    public object SeriesJson => new
    {
        podsOverTime = Series.PodsOverTime.Select(s => new[] { Math.Round(s.Seconds, 3), s.Running, s.Pods }),
        createdPerSecond = Series.CreatedPerSecond.Select(p => new[] { p.Seconds, p.Pods }),
        scheduledPerSecond = Series.ScheduledPerSecond.Select(p => new[] { p.Seconds, p.Pods }),
        runningPerSecond = Series.RunningPerSecond.Select(p => new[] { p.Seconds, p.Pods }),
        startupLatencyHistogram = Series.StartupLatency,
    };

    public static ScenarioResult From(Scenario scenario, string cluster, int nodes, double timeScale, DateTimeOffset startedAt, RunRecorder recorder, bool stepsOk, MemoryUse? memory, WatchersResult? watchers = null, TimeSpan? stepsCpu = null, PodCost? cost = null, CallFloor? floor = null)
    {
        var pods = recorder.Pods.ToList();
        var running = pods.Where(p => p.Running is not null).ToList();
        // The embedded silo's own measurements are to the tick; the objects' timestamps have whole seconds.
        var precise = recorder.Startups.Count > 0;
        var startups = precise ? [.. recorder.Startups] : running.Select(p => (At: p.Running!.Value, Latency: p.Running!.Value - p.Created)).ToList();
        var schedulings = recorder.Schedulings.Count > 0 ? [.. recorder.Schedulings] : pods.Where(p => p.Scheduled is not null).Select(p => (At: p.Scheduled!.Value, Latency: p.Scheduled!.Value - p.Created)).ToList();
        var startup = Percentiles.Of(startups.Select(s => s.Latency));
        var scheduling = Percentiles.Of(schedulings.Select(s => s.Latency));
        var firstCreate = recorder.Steps.FirstOrDefault(s => s.Action is "createDeployments" or "createPods")?.StartSeconds;
        double? span = firstCreate is { } first && startups.Count > 0 ? startups.Max(s => s.At) - first : null;
        var mutating = recorder.Calls.Where(c => c.Verb is "CREATE" or "UPDATE" or "PATCH" or "DELETE").Select(c => c.Seconds).ToList();
        var api = recorder.Calls.GroupBy(c => c.Verb).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(c => c.Seconds))!);
        if (mutating.Count > 0)
        {
            api["mutating"] = Percentiles.Of(mutating)!;
        }

        List<SloVerdict> slos =
        [
            new("pod startup latency p99 (creation → all containers running)", scenario.Slos.PodStartupP99Seconds, startup?.P99, startup is null || startup.P99 <= scenario.Slos.PodStartupP99Seconds),
            new("mutating API call latency p99 (the load test's own calls)", scenario.Slos.MutatingApiP99Seconds, api.GetValueOrDefault("mutating")?.P99, !api.TryGetValue("mutating", out var m) || m.P99 <= scenario.Slos.MutatingApiP99Seconds),
        ];
        // When pods were bound: their PodScheduled times (whole seconds, exact for per-second counts); the silo's
        // scheduling measurements are taken when the shard hears the bind back, which lags under load.
        var boundAt = pods.Where(p => p.Scheduled is not null).Select(p => p.Scheduled!.Value).ToList();
        var scheduledPerSecond = PerSecond(boundAt.Count > 0 ? boundAt : schedulings.Select(s => s.At));
        var series = new ResultSeries(
            recorder.Samples,
            PerSecond(pods.Select(p => p.Created)),
            scheduledPerSecond,
            PerSecond(startups.Select(s => s.At)),
            StartupHistogram([.. startups.Select(s => s.Latency)]));
        return new ScenarioResult(
            scenario.Name, scenario.Description, startedAt, cluster, nodes, timeScale, scenario.Params, recorder.Steps,
            precise ? "the embedded silo's own measurements (to the tick)" : "the pods' timestamps (whole seconds, as upstream stores them)",
            pods.Count, running.Count, span, span is > 0 ? Math.Round(startups.Count / span.Value, 1) : null,
            scheduledPerSecond.Select(p => p.Pods).DefaultIfEmpty(0).Max(),
            startup, scheduling, api, memory, recorder.Heap, watchers, stepsCpu?.TotalSeconds, cost?.CpuMsPerPod, cost, floor, slos, stepsOk, stepsOk && slos.All(s => s.Pass) && watchers?.EverySawEveryEvent != false, series);
    }

    /// <summary>Events counted per whole second (from the run's start), every second from the first to the last.</summary>
    public static List<(double Seconds, int Pods)> PerSecond(IEnumerable<double> times)
    {
        var counts = times.GroupBy(t => Math.Max(0, (int)Math.Floor(t))).ToDictionary(g => g.Key, g => g.Count()); // whole-second creation times may fall before the start
        return counts.Count == 0 ? [] : [.. Enumerable.Range(counts.Keys.Min(), counts.Keys.Max() - counts.Keys.Min() + 1).Select(s => ((double)s, counts.GetValueOrDefault(s)))];
    }

    /// <summary>40 equal buckets up to the largest latency (rounded up to a round number).</summary>
    public static Histogram StartupHistogram(IReadOnlyList<double> latencies)
    {
        if (latencies.Count == 0)
        {
            return new Histogram(0.1, []);
        }

        var width = SvgChart.Nice(latencies.Max()) / 40;
        var counts = new int[40];
        foreach (var latency in latencies)
        {
            counts[Math.Clamp((int)(latency / width), 0, 39)]++;
        }

        return new Histogram(width, counts);
    }
}
