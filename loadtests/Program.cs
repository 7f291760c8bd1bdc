using System.CommandLine;
using OrleansKube.LoadTests;

var nodes = new Option<int>("--nodes") { Description = "Simulated nodes (32 cpu, 256Gi, 110 pods each)", DefaultValueFactory = _ => 100 };
var pods = new Option<int>("--pods") { Description = "Pods to create", DefaultValueFactory = _ => 5000 };
var batch = new Option<int>("--batch") { Description = "Pods per create request", DefaultValueFactory = _ => 100 };
var parallel = new Option<int>("--parallel") { Description = "Create requests in flight", DefaultValueFactory = _ => 4 };
var startSeconds = new Option<double>("--pod-start-seconds") { Description = "Simulated container start time", DefaultValueFactory = _ => 0 };
var timeout = new Option<int>("--timeout-seconds") { Description = "Give up when not every pod runs by then", DefaultValueFactory = _ => 300 };
var gateway = new Option<string?>("--gateway") { Description = "Drive an existing silo (host:port) instead of starting an embedded one; its nodes are used as they are" };
var root = new RootCommand("OrleansKube pod-throughput load test: creates pods and measures how fast they all run.")
{
    nodes, pods, batch, parallel, startSeconds, timeout, gateway,
};
root.SetAction(async (parse, ct) =>
{
    var settings = new PodThroughputSettings(
        parse.GetValue(nodes), parse.GetValue(pods), parse.GetValue(batch), parse.GetValue(parallel),
        TimeSpan.FromSeconds(parse.GetValue(startSeconds)), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(gateway));
    if (settings.Validate() is { } problem)
    {
        await Console.Error.WriteLineAsync($"error: {problem}");
        return 1;
    }

    return await PodThroughputScenario.RunAsync(settings, Console.Out, ct);
});
return await root.Parse(args).InvokeAsync();
