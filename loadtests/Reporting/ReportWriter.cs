using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansKube.LoadTests.Reporting;

/// <summary>Writes a run's result: <c>result.json</c>, <c>report.md</c> and its SVG charts, and the summary table on the console.</summary>
public static class ReportWriter
{
    public const string PodsChart = "pods-running.svg";
    public const string LatencyChart = "startup-latency.svg";
    public const string ThroughputChart = "scheduling-throughput.svg";

    public static async Task WriteAsync(ScenarioResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "result.json"), JsonSerializer.Serialize(result, ScenarioResult.Json));
        await File.WriteAllTextAsync(Path.Combine(directory, PodsChart), SvgChart.Lines(
            $"{result.Scenario}: pods over time", "seconds from the first step", "pods",
            [
                new Series("Running", [.. result.Series.PodsOverTime.Select(s => (s.Seconds, (double)s.Running))]),
                new Series("all pods of the run", [.. result.Series.PodsOverTime.Select(s => (s.Seconds, (double)s.Pods))]),
            ]));
        await File.WriteAllTextAsync(Path.Combine(directory, LatencyChart), SvgChart.Histogram(
            $"{result.Scenario}: pod startup latency ({result.PodsRunning} pods)", "seconds from creation to all containers running", "pods",
            result.Series.StartupLatency.BucketSeconds, result.Series.StartupLatency.Counts));
        await File.WriteAllTextAsync(Path.Combine(directory, ThroughputChart), SvgChart.Lines(
            $"{result.Scenario}: throughput", "seconds from the first step", "pods per second",
            [
                new Series("created", [.. result.Series.CreatedPerSecond.Select(p => (p.Seconds, (double)p.Pods))]),
                new Series("scheduled", [.. result.Series.ScheduledPerSecond.Select(p => (p.Seconds, (double)p.Pods))]),
                new Series("running", [.. result.Series.RunningPerSecond.Select(p => (p.Seconds, (double)p.Pods))]),
            ]));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(result));
    }

    public static string Markdown(ScenarioResult result)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load test `{result.Scenario}`: {(result.Pass ? "PASS" : "FAIL")}");
        md.AppendLine();
        md.AppendLine(result.Description);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Started {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC on {result.Cluster}, {result.Nodes} nodes, time scale {result.TimeScale}; params: {string.Join(", ", result.Params.Select(p => $"`{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}`"))}.");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("| --- | --- |");
        foreach (var (name, value) in Figures(result))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("## SLOs");
        md.AppendLine();
        md.AppendLine("| SLO | threshold | measured | verdict |");
        md.AppendLine("| --- | --- | --- | --- |");
        foreach (var slo in result.Slos)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {slo.Name} | ≤ {slo.ThresholdSeconds:0.###} s | {(slo.MeasuredSeconds is { } v ? $"{v:F3} s" : "not measured")} | {(slo.Pass ? "pass" : "**FAIL**")} |");
        }

        md.AppendLine();
        md.AppendLine("## Steps");
        md.AppendLine();
        md.AppendLine("| step | started at | took | result |");
        md.AppendLine("| --- | --- | --- | --- |");
        foreach (var step in result.Steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {step.Name} | {step.StartSeconds:F1} s | {step.Seconds:F2} s | {(step.Ok ? "" : "**failed**: ")}{step.Detail} |");
        }

        md.AppendLine();
        md.AppendLine("## Charts");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![pods over time]({PodsChart})");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![pod startup latency]({LatencyChart})");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![throughput]({ThroughputChart})");
        return md.ToString();
    }

    /// <summary>The headline figures, as the console table and the report show them.</summary>
    public static IEnumerable<(string Name, string Value)> Figures(ScenarioResult result)
    {
        yield return ("pods created / Running", $"{result.PodsCreated} / {result.PodsRunning}");
        if (result.FirstCreateToLastRunningSeconds is { } span)
        {
            yield return ("first create → last pod Running", $"{span:F2} s ({result.PodsPerSecond:F0} pods/s)");
        }

        if (result.StepsCpuSeconds is { } cpu)
        {
            yield return ("process CPU (steps, watchers)", $"{cpu:F2} s");
        }

        if (result.Cost is { } cost)
        {
            var worth = cost.CostInGrainCalls is { } calls ? $" = {calls:N0} grain calls' worth of CPU" : "";
            yield return ("CPU per pod", $"{cost.CpuMsPerPod:F3} ms{worth} ({cost.CpuSeconds:F2} s over {cost.Pods} pods, first create → last Running)");
            yield return ("allocated per pod", $"{cost.BytesAllocatedPerPod / 1024.0:N1} KB ({cost.AllocatedBytes / (1024.0 * 1024):N0} MiB in all)");
            yield return ("grain calls per pod", $"{cost.GrainCallsPerPod:F1} ({cost.GrainCalls:N0} requests and one-way calls received by grains)");
            yield return ("GC pauses", $"{cost.GcPauseShare:P1} of the wall time ({cost.GcPauseSeconds:F2} s of {cost.WindowSeconds:F2} s)");
        }

        if (result.CallFloor is { } floor)
        {
            yield return ("floor: one grain call", $"{floor.CpuMicrosecondsPerCall:F1} µs CPU, {floor.BytesAllocatedPerCall:N0} bytes allocated ({floor.Calls:N0} pings to an empty grain by {floor.Callers} callers before the run, {floor.CallsPerSecond:N0} calls/s)");
        }

        yield return ("peak scheduling", $"{result.PeakScheduledPerSecond} pods/s");
        yield return ("pod startup latency", Format(result.PodStartupLatency));
        yield return ("latencies measured by", result.LatencySource);
        yield return ("pod scheduling latency", Format(result.SchedulingLatency));
        foreach (var (verb, latency) in result.ApiCallLatency.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            yield return ($"API calls: {verb}", Format(latency));
        }

        if (result.Memory is { } memory)
        {
            yield return ("silo memory (after a full GC)", $"{memory.ManagedHeapBytes / (1024 * 1024)} MiB managed heap, {memory.WorkingSetBytes / (1024 * 1024)} MiB working set"
                + (memory.ManagedBytesPerPod is { } perPod ? $"; {perPod:N0} bytes per pod ({memory.Pods} pods)" : ""));
        }

        if (result.ApiWatchers is { } w)
        {
            yield return ("REST watchers on all pods", $"{w.Watchers}, events each: {string.Join(", ", w.EventsPerWatcher.Distinct())} ({w.Added} ADDED, {w.Modified} MODIFIED, {w.Deleted} DELETED; {w.Bookmarks} bookmarks in all); "
                + (w.EverySawEveryEvent ? "every watcher saw every pod event" : $"FAIL: {string.Join("; ", w.Problems)}"));
        }

        foreach (var heap in result.Heap)
        {
            yield return ($"heap check: {heap.Step}", $"{heap.Ratio:F2}× the baseline without the load test's records, {heap.RawRatio:F2}× with them (at most {heap.MaxRatio:F2}×: {(heap.Ok ? "pass" : "FAIL")}); {heap.HeapBytes / (1024.0 * 1024):F1} MiB against {heap.BaselineBytes / (1024.0 * 1024):F1} MiB, the records ≈ {heap.RecordsBytes / (1024.0 * 1024):F1} MiB");
        }
    }

    public static void WriteTable(ScenarioResult result, string directory, TextWriter output)
    {
        output.WriteLine();
        foreach (var (name, value) in Figures(result))
        {
            output.WriteLine($"{name,-32} {value}");
        }

        foreach (var slo in result.Slos)
        {
            output.WriteLine($"SLO {(slo.Pass ? "pass" : "FAIL")}  {slo.Name}: {(slo.MeasuredSeconds is { } v ? $"{v:F3} s" : "not measured")} (≤ {slo.ThresholdSeconds:0.###} s)");
        }

        output.WriteLine($"result: {(result.Pass ? "PASS" : "FAIL")}{(result.StepsOk ? "" : " (a step failed)")}; written to {Path.Combine(directory, "result.json")}, {Path.Combine(directory, "report.md")} and its charts");
    }

    private static string Format(Percentiles? p) =>
        p is null ? "not measured" : FormattableString.Invariant($"p50 {p.P50:F3} s, p90 {p.P90:F3} s, p99 {p.P99:F3} s, max {p.Max:F3} s ({p.Count})");
}
