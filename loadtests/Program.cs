using System.CommandLine;
using OrleansKube.LoadTests;
using OrleansKube.LoadTests.Api;
using OrleansKube.LoadTests.Scenarios;

var root = new RootCommand("OrleansKube load tests: ClusterLoader2-like scenarios (YAML under scenarios/) against an embedded silo or, with --gateway, a running cluster; with no command, the density scenario at its defaults.");
foreach (var scenario in ScenarioCommands.Build())
{
    root.Subcommands.Add(scenario);
}

root.Subcommands.Add(ScenarioCommands.RunFile());
root.SetAction((parse, ct) => ScenarioCommands.RunDefaultAsync(ct));
var benchNodes = new Option<int>("--nodes") { Description = "Simulated nodes (4 cpu, 32Gi, 110 pods each)", DefaultValueFactory = _ => 5000 };
var benchPods = new Option<int>("--pods") { Description = "Pods per case (anti-affinity: at most one per node)", DefaultValueFactory = _ => 10000 };
var initPods = new Option<int>("--init-pods") { Description = "Pods of the same shape scheduled first, unmeasured (upstream's initPods)", DefaultValueFactory = _ => 1000 };
var shards = new Option<int>("--shards") { Description = "Scheduler shards", DefaultValueFactory = _ => 1 };
var benchSeed = ScenarioCommands.SeedOption();
var cases = new Option<string[]>("--case") { Description = $"Cases to run: {string.Join(", ", SchedulerBenchmark.Cases)} (default: all)" };
var scheduler = new Command("scheduler", "Scheduler throughput after upstream's scheduler_perf: pods/s and latency for resource fit, node affinity, pod anti-affinity")
{
    benchNodes, benchPods, initPods, shards, cases, benchSeed,
};
scheduler.SetAction(async (parse, ct) =>
{
    var selected = parse.GetValue(cases) is { Length: > 0 } chosen ? chosen : SchedulerBenchmark.Cases;
    if (selected.FirstOrDefault(c => !SchedulerBenchmark.Cases.Contains(c)) is { } unknown)
    {
        await Console.Error.WriteLineAsync($"error: --case: unknown case \"{unknown}\" (known: {string.Join(", ", SchedulerBenchmark.Cases)})");
        return 1;
    }

    if (parse.GetValue(initPods) < 0)
    {
        await Console.Error.WriteLineAsync("error: --init-pods: must be 0 or more");
        return 1;
    }

    return await SchedulerBenchmark.RunAsync(parse.GetValue(benchNodes), parse.GetValue(benchPods), parse.GetValue(initPods), Math.Max(1, parse.GetValue(shards)), selected, parse.GetValue(benchSeed), Console.Out, ct);
});
root.Subcommands.Add(scheduler);

var idleNodes = new Option<int>("--nodes") { Description = "Simulated nodes", DefaultValueFactory = _ => 10000 };
var idleSeconds = new Option<int>("--seconds") { Description = "Wall-clock seconds to measure over", DefaultValueFactory = _ => 60 };
var timeScale = new Option<double>("--time-scale") { Description = "Run the simulation N times faster than wall time", DefaultValueFactory = _ => 1 };
var idle = new Command("idle", "An idle cluster heartbeating at upstream intervals: CPU and memory of the silo, and no node wrongly NotReady")
{
    idleNodes, idleSeconds, timeScale,
};
idle.SetAction(async (parse, ct) =>
{
    if (parse.GetValue(timeScale) is var scale && (!double.IsFinite(scale) || scale <= 0))
    {
        await Console.Error.WriteLineAsync("error: --time-scale: must be a number greater than 0");
        return 1;
    }

    if (parse.GetValue(idleNodes) < 1 || parse.GetValue(idleSeconds) < 1)
    {
        await Console.Error.WriteLineAsync("error: --nodes and --seconds: must be at least 1");
        return 1;
    }

    return await IdleClusterBenchmark.RunAsync(parse.GetValue(idleNodes), TimeSpan.FromSeconds(parse.GetValue(idleSeconds)), scale, Console.Out, ct);
});
root.Subcommands.Add(idle);

var restKind = new Option<string>("--kind") { Description = $"What to create: {string.Join(", ", RestCreateBenchmark.Kinds)}", DefaultValueFactory = _ => "pods" };
var restClients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (one keep-alive connection each)", DefaultValueFactory = _ => 4 };
var restCount = new Option<int>("--count") { Description = "Creates measured", DefaultValueFactory = _ => 5000 };
var restWarmup = new Option<int>("--warmup") { Description = "Creates first, unmeasured", DefaultValueFactory = _ => 500 };
var restNodes = new Option<int>("--nodes") { Description = "Simulated nodes (the created pods are scheduled and run on them)", DefaultValueFactory = _ => 100 };
var rest = new Command("rest-creates", "Creates through the embedded silo's REST API by concurrent HTTP clients: creates/s, CPU ms and bytes allocated per create")
{
    restKind, restClients, restCount, restWarmup, restNodes,
};
rest.SetAction(async (parse, ct) =>
{
    if (!RestCreateBenchmark.Kinds.Contains(parse.GetValue(restKind)))
    {
        await Console.Error.WriteLineAsync($"error: --kind: Unsupported value: \"{parse.GetValue(restKind)}\": supported values: {string.Join(", ", RestCreateBenchmark.Kinds.Select(k => $"\"{k}\""))}");
        return 1;
    }

    if (parse.GetValue(restClients) < 1 || parse.GetValue(restCount) < 1 || parse.GetValue(restWarmup) < 0 || parse.GetValue(restNodes) < 1)
    {
        await Console.Error.WriteLineAsync("error: --clients, --count and --nodes: must be at least 1; --warmup: 0 or more");
        return 1;
    }

    return await RestCreateBenchmark.RunAsync(parse.GetValue(restKind)!, parse.GetValue(restClients), parse.GetValue(restCount), parse.GetValue(restWarmup), parse.GetValue(restNodes), Console.Out, ct);
});
root.Subcommands.Add(rest);
return await root.Parse(args).InvokeAsync();
