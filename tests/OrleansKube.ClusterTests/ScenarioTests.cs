using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.LoadTests.Api;
using OrleansKube.LoadTests.Cost;
using OrleansKube.LoadTests.Reporting;
using OrleansKube.LoadTests.Scenarios;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The load-test scenarios: their YAML and params, the figures and charts of a run, and one small run end to end
/// (in parallel with the other tests: a run hears only its embedded silo's meter, not the test silos').
/// </summary>
public sealed class ScenarioTests
{
    private static string Shipped(string name) => Path.Combine(ScenarioCommands.Directory, $"{name}.yaml");

    [Theory]
    [InlineData("density")]
    [InlineData("scheduler-throughput")]
    [InlineData("churn")]
    [InlineData("node-failure")]
    [InlineData("rolling-update")]
    [InlineData("soak")]
    public void EveryShippedScenarioCompilesAtItsDefaults(string name)
    {
        var scenario = Scenario.Compile(Scenario.Read(Shipped(name)));

        Assert.Equal(name, scenario.Name);
        Assert.NotEmpty(scenario.Steps);
        Assert.Equal(5, scenario.Slos.PodStartupP99Seconds);
        Assert.Equal(name == "scheduler-throughput" ? 5 : 1, scenario.Slos.MutatingApiP99Seconds); // its calls create 100 pods each
    }

    [Fact]
    public void DensityParamsSizeTheClusterAndTheDeployments()
    {
        var scenario = Scenario.Compile(Scenario.Read(Shipped("density")), new Dictionary<string, double> { ["nodes"] = 1000, ["podsPerNode"] = 30 });

        Assert.Equal(1000, scenario.Cluster.Nodes);
        var create = Assert.IsType<CreateDeployments>(scenario.Steps[0]);
        Assert.Equal((30000, 100, 10), (create.Pods, create.ReplicasPerDeployment, create.Namespaces));
        Assert.Equal("create Deployments", create.Name);
        Assert.Equal(TimeSpan.FromMinutes(10), Assert.IsType<WaitForRunning>(scenario.Steps[1]).Timeout);
    }

    [Fact]
    public void RepeatKeepsItsStepsAndItsCount()
    {
        var scenario = Scenario.Compile(Scenario.Read(Shipped("churn")), new Dictionary<string, double> { ["cycles"] = 2, ["replicas"] = 10 });

        var repeat = Assert.IsType<Repeat>(Assert.Single(scenario.Steps));
        Assert.Equal(2, repeat.Times);
        Assert.Equal([20, 5], repeat.Steps.OfType<ScaleDeployments>().Select(s => s.ReplicasPerDeployment));
    }

    [Fact]
    public void SoakWarmsUpThenChurnsAndChecksTheHeapAnHourLaterAgainstItsBaseline()
    {
        var scenario = Scenario.Compile(Scenario.Read(Shipped("soak")));

        Assert.Equal(1, Assert.IsType<Repeat>(scenario.Steps[0]).Times);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<Advance>(scenario.Steps[1]).By);
        Assert.Null(Assert.IsType<HeapBaseline>(scenario.Steps[2]).CollectIdle);
        var repeat = Assert.IsType<Repeat>(scenario.Steps[3]);
        Assert.Equal(10, repeat.Times);
        Assert.Equal(2000, Assert.IsType<CreateDeployments>(repeat.Steps[0]).Pods);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<Advance>(scenario.Steps[4]).By);
        Assert.Equal(new HeapCheck(1.5, null), Assert.IsType<HeapCheck>(scenario.Steps[5]));
    }

    [Fact]
    public void SoakWithoutWarmUp_TakesItsBaselineFromTheColdSilo()
    {
        var scenario = Scenario.Compile(Scenario.Read(Shipped("soak")), new Dictionary<string, double> { ["warmups"] = 0 });

        Assert.Equal(0, Assert.IsType<Repeat>(scenario.Steps[0]).Times);
        Assert.IsType<HeapBaseline>(scenario.Steps[2]);
        Assert.Equal(10, Assert.IsType<Repeat>(scenario.Steps[3]).Times);
    }

    [Theory]
    [InlineData("2 + 3 * (4 - 1) / 3", 5)]
    [InlineData("nodes * podsPerNode", 3000)]
    [InlineData("-(nodes - 1) + 100", 1)]
    [InlineData("1.5 * 2", 3)]
    public void ExpressionsFollowArithmetic(string expression, double expected) =>
        Assert.Equal(expected, Expression.Evaluate(expression, new Dictionary<string, double> { ["nodes"] = 100, ["podsPerNode"] = 30 }, "f"));

    [Theory]
    [InlineData("steps:\n  - createPods: { pods: \"${nodes *}\" }\n", "steps[0].createPods.pods: Invalid value: \"${nodes *}\": a value is missing")]
    [InlineData("steps:\n  - createPods: { pods: \"${pods}\" }\n", "steps[0].createPods.pods: Invalid value: \"${pods}\": unknown param \"pods\"")]
    [InlineData("steps:\n  - createPods: { pods: 10, qps: 0 }\n", "steps[0].createPods.qps: Invalid value: 0: must be greater than 0")]
    [InlineData("steps:\n  - createPods: { pods: 2.5 }\n", "steps[0].createPods.pods: Invalid value: 2.5: must be a whole number")]
    [InlineData("steps:\n  - createPods: { pods: 10 }\n    sleep: 1s\n", "steps[0]: Invalid value: a step needs exactly one action")]
    [InlineData("steps:\n  - waitForRunning: { timeout: soon }\n", "steps[0].waitForRunning.timeout: Invalid value: \"soon\": must be a duration")]
    [InlineData("steps:\n  - createDeployments: { replicasPerDeployment: 5 }\n", "steps[0].createDeployments.pods: Required value")]
    [InlineData("cluster: { nodes: 0 }\nsteps:\n  - sleep: 1s\n", "cluster.nodes: Invalid value: 0: must be at least 1")]
    [InlineData("steps:\n  - repeat: { times: 2, steps: [ { failZone: {} } ] }\n", "steps[0].repeat.steps[0].failZone.zone: Required value")]
    [InlineData("steps: []\n", "steps: Required value")]
    [InlineData("steps:\n  - advance: an hour\n", "steps[0].advance: Invalid value: \"an hour\": must be a duration")]
    [InlineData("steps:\n  - heapCheck: { maxRatio: 0 }\n", "steps[0].heapCheck.maxRatio: Invalid value: 0: must be greater than 0")]
    public void BadScenariosNameTheFieldAndTheReason(string yaml, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Compile(Scenario.Parse("params:\n  nodes: 100\n" + yaml, "bad.yaml")));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysAndParamsAreRefused()
    {
        Assert.StartsWith("bad.yaml:3:", Assert.Throws<ScenarioException>(() => Scenario.Parse("steps:\n  - sleep: 1s\n    colour: blue\n", "bad.yaml")).Message, StringComparison.Ordinal);
        var file = Scenario.Read(Shipped("density"));
        Assert.Equal("params.pods: the scenario has no such param (known: nodes, podsPerNode, replicasPerDeployment, namespaces, qps)",
            Assert.Throws<ScenarioException>(() => Scenario.Compile(file, new Dictionary<string, double> { ["pods"] = 1 })).Message);
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        var p = Percentiles.Of(Enumerable.Range(1, 200).Select(i => (double)i))!;

        Assert.Equal((200, 100, 180, 198, 200), (p.Count, p.P50, p.P90, p.P99, p.Max));
        Assert.Null(Percentiles.Of([]));
    }

    [Fact]
    public void PerSecondCountsEverySecondFromTheFirstToTheLast() =>
        Assert.Equal([(0.0, 2), (1.0, 0), (2.0, 1)], ScenarioResult.PerSecond([0.1, -0.4, 2.9]));

    [Theory]
    [InlineData(0.7, 0.8)]
    [InlineData(3000, 3000)]
    [InlineData(3001, 4000)]
    [InlineData(17330, 20000)]
    [InlineData(0, 1)]
    public void AxesEndOnRoundNumbers(double value, double expected) => Assert.Equal(expected, SvgChart.Nice(value), 9);

    [Fact]
    public void ChartsAreWellFormedSvgWithOneLinePerSeries()
    {
        var svg = XDocument.Parse(SvgChart.Lines("pods & more", "s", "pods", [new Series("Running", [(0, 0), (1, 50), (2, 100)]), new Series("all", [(0, 10), (2, 100)])]));
        XNamespace ns = "http://www.w3.org/2000/svg";

        var lines = svg.Descendants(ns + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(3, lines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "pods & more");

        var histogram = XDocument.Parse(SvgChart.Histogram("latency", "s", "pods", 0.5, [3, 0, 1]));
        Assert.Equal(2, histogram.Descendants(ns + "rect").Count() - 1); // two non-empty buckets besides the background
    }

    [Fact]
    public void PodCostDividesTheWindowByItsPodsAndTheCpuByTheFloor()
    {
        var delta = new CostDelta(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 3_000_000, TimeSpan.FromSeconds(0.5), 30_000);

        var cost = PodCost.Of(delta, 1000, new CallFloor(20_000, 8, 0.1, 0.1, 5, 200_000, 20_000));

        Assert.Equal((3.0, 3000L, 30.0, 0.25, 600.0), (cost.CpuMsPerPod, cost.BytesAllocatedPerPod, cost.GrainCallsPerPod, cost.GcPauseShare, cost.CostInGrainCalls!.Value));
        Assert.Null(PodCost.Of(delta, 1000, null).CostInGrainCalls);
    }

    [Fact]
    public void GrainCallCounterCountsItsOwnSilosRequestsAndOneWayCalls_NotAnotherSilosNorResponses()
    {
        using var own = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var counter = new GrainCallCounter(own.GetRequiredService<IMeterFactory>());
        Received(own, request: 7, oneWay: 2, response: 100);
        Received(other, request: 1000, oneWay: 1000, response: 1000);

        Assert.Equal(9, counter.Read());
        Assert.Equal(9, counter.Read()); // cumulative: reading does not reset it

        static void Received(ServiceProvider silo, long request, long oneWay, long response) =>
            silo.GetRequiredService<IMeterFactory>().Create(GrainCallCounter.MeterName).CreateObservableCounter(GrainCallCounter.InstrumentName, () => new[]
            {
                new Measurement<long>(request, new KeyValuePair<string, object?>("Direction", "Request")),
                new Measurement<long>(oneWay, new KeyValuePair<string, object?>("Direction", "OneWay")),
                new Measurement<long>(response, new KeyValuePair<string, object?>("Direction", "Response")),
            });
    }

    [Fact]
    public async Task ADensityRunWritesItsResultReportAndCharts()
    {
        var file = Scenario.Read(Shipped("density"));

        // The run is on the wall clock (the embedded silo, as the load tests run it): its latencies depend on the
        // machine, so the verdicts are held to bounds any machine meets; what is checked is the run and its output.
        (file.Slos.PodStartupP99, file.Slos.MutatingApiP99) = ("600", "600");
        var scenario = Scenario.Compile(file, new Dictionary<string, double> { ["nodes"] = 6, ["podsPerNode"] = 5, ["replicasPerDeployment"] = 10, ["namespaces"] = 2 });
        var directory = Path.Combine(Path.GetTempPath(), $"density-{Guid.NewGuid():N}");
        var output = new StringWriter();
        try
        {
            var exit = await ScenarioRunner.RunAsync(scenario, new RunOptions(null, directory, SiloPort: Helpers.FreePort(), GatewayPort: Helpers.FreePort(), FloorCalls: 2000), output, TestContext.Current.CancellationToken);

            Assert.True(exit == 0, output.ToString());
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "result.json"), TestContext.Current.CancellationToken));
            var root = result.RootElement;
            Assert.Equal("density", root.GetProperty("scenario").GetString());
            Assert.Equal(30, root.GetProperty("podsRunning").GetInt32());
            Assert.Equal(6, root.GetProperty("nodes").GetInt32());
            // Latencies heard from the embedded silo's own meter: its 30 pods, none of the test silos' running alongside.
            Assert.Equal("the embedded silo's own measurements (to the tick)", root.GetProperty("latencySource").GetString());
            Assert.Equal((30, 30), (root.GetProperty("podStartupLatency").GetProperty("count").GetInt32(), root.GetProperty("schedulingLatency").GetProperty("count").GetInt32()));
            Assert.True(root.GetProperty("pass").GetBoolean());
            Assert.Equal(2, root.GetProperty("slos").GetArrayLength());
            Assert.Equal(3, root.GetProperty("apiCallLatency").GetProperty("CREATE").GetProperty("count").GetInt32()); // 30 replicas in Deployments of 10
            Assert.True(root.GetProperty("memory").GetProperty("managedBytesPerPod").GetInt64() > 0);
            Assert.NotEqual(0, root.GetProperty("series").GetProperty("podsOverTime").GetArrayLength());

            // The process's cost over the 30 pods: the CPU, allocations and GC pauses are the whole process's (other
            // tests run alongside), the grain calls only the embedded silo's.
            var cost = root.GetProperty("cost");
            Assert.Equal(30, cost.GetProperty("pods").GetInt32());
            Assert.True(cost.GetProperty("cpuMsPerPod").GetDouble() > 0);
            Assert.Equal(cost.GetProperty("cpuMsPerPod").GetDouble(), root.GetProperty("cpuMsPerPod").GetDouble());
            Assert.True(cost.GetProperty("bytesAllocatedPerPod").GetInt64() > 1000);
            Assert.True(cost.GetProperty("grainCallsPerPod").GetDouble() >= 3, $"a pod takes a create, a bind and a status at least: {cost}");
            Assert.InRange(cost.GetProperty("gcPauseShare").GetDouble(), 0, 1);
            Assert.True(cost.GetProperty("costInGrainCalls").GetDouble() > 0);
            var floor = root.GetProperty("callFloor");
            // The counter saw every call of the burst; the silo's own work alongside it (the nodes' registration and
            // heartbeats, the leases) adds a few, more on a slower machine, so only the lower bound is exact.
            Assert.Equal(2000, floor.GetProperty("calls").GetInt32());
            Assert.True(floor.GetProperty("grainCallsCounted").GetInt64() >= 2000, floor.ToString());
            Assert.True(floor.GetProperty("cpuMicrosecondsPerCall").GetDouble() > 0);
            Assert.True(floor.GetProperty("bytesAllocatedPerCall").GetInt64() > 0, floor.ToString()); // a call allocates its messages at least

            var report = await File.ReadAllTextAsync(Path.Combine(directory, "report.md"), TestContext.Current.CancellationToken);
            Assert.StartsWith("# Load test `density`: PASS", report, StringComparison.Ordinal);
            foreach (var chart in new[] { ReportWriter.PodsChart, ReportWriter.LatencyChart, ReportWriter.ThroughputChart })
            {
                Assert.Contains($"]({chart})", report, StringComparison.Ordinal);
                XDocument.Load(Path.Combine(directory, chart)); // well-formed
            }

            Assert.Contains("pods created / Running           30 / 30", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("grain calls' worth of CPU", report, StringComparison.Ordinal);
            Assert.Contains("| grain calls per pod |", report, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public sealed record TallyCase(string Name, WatcherTally[] Watchers, int Pods, bool Ok, string? Problem)
    {
        public override string ToString() => Name;
    }

    private static WatcherTally Saw(int events = 12, int podsAdded = 3, ulong digest = 7, long last = 40, string? failure = null) =>
        new(events, podsAdded, events - podsAdded, 0, 0, podsAdded, 0, digest, last, 40, last >= 40, failure);

    public static TheoryData<TallyCase> TallyCases() =>
    [
        new TallyCase("watchers that read the same events up to the target saw every event", [Saw(), Saw()], 3, true, null),
        new TallyCase("a watcher short of the target did not", [Saw(), Saw(events: 11, last: 39)], 3, false, "watcher 1: read up to resourceVersion 39, not 40"),
        new TallyCase("watchers with different sequences did not", [Saw(), Saw(digest: 8)], 3, false, "the watchers saw different events: 12, 12"),
        new TallyCase("a watcher that missed a pod's ADDED did not", [Saw(podsAdded: 2), Saw(podsAdded: 2)], 3, false, "watcher 0: ADDED for 2 pods of 3"),
        new TallyCase("a watcher whose stream failed did not", [Saw(failure: "the server ended the watch")], 3, false, "watcher 0: the server ended the watch"),
    ];

    [Theory]
    [MemberData(nameof(TallyCases))]
    public void WatchersTally_SaysWhetherEveryWatcherSawEveryPodEvent(TallyCase c)
    {
        var result = ApiWatchers.Tally(c.Watchers, c.Pods);

        Assert.Equal(c.Ok, result.EverySawEveryEvent);
        Assert.Equal(c.Problem, result.Problems.FirstOrDefault());
        Assert.Equal(c.Watchers.Length, result.EventsPerWatcher.Count);
    }

    [Fact]
    public async Task ADensityRunWithApiWatchers_CountsWhatEachWatcherReadOverHttp()
    {
        var file = Scenario.Read(Shipped("density"));
        (file.Slos.PodStartupP99, file.Slos.MutatingApiP99) = ("600", "600"); // machine-dependent: held to bounds any machine meets
        var scenario = Scenario.Compile(file, new Dictionary<string, double> { ["nodes"] = 4, ["podsPerNode"] = 5, ["replicasPerDeployment"] = 10, ["namespaces"] = 2 });
        var directory = Path.Combine(Path.GetTempPath(), $"density-watchers-{Guid.NewGuid():N}");
        var output = new StringWriter();
        try
        {
            var exit = await ScenarioRunner.RunAsync(scenario, new RunOptions(null, directory, SiloPort: Helpers.FreePort(), GatewayPort: Helpers.FreePort(), ApiWatchers: 3), output, TestContext.Current.CancellationToken);

            Assert.True(exit == 0, output.ToString());
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "result.json"), TestContext.Current.CancellationToken));
            var watchers = result.RootElement.GetProperty("apiWatchers");
            Assert.Equal(3, watchers.GetProperty("watchers").GetInt32());
            Assert.True(watchers.GetProperty("everySawEveryEvent").GetBoolean(), output.ToString());
            Assert.Equal(20, watchers.GetProperty("added").GetInt32()); // each pod's ADDED, then its status changes
            var events = watchers.GetProperty("eventsPerWatcher").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(3, events.Count);
            Assert.All(events, e => Assert.Equal(events[0], e));
            Assert.True(events[0] > 20, $"{events[0]} events");
            Assert.True(result.RootElement.GetProperty("cpuMsPerPod").GetDouble() > 0);
            Assert.Contains("every watcher saw every pod event", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("pods")]
    [InlineData("configmaps")]
    public async Task RestCreates_PostTheCountThroughTheApi_AndPrintTheirCost(string kind)
    {
        var output = new StringWriter();

        var exit = await RestCreateBenchmark.RunAsync(kind, clients: 3, count: 30, warmup: 3, nodes: 2, output, TestContext.Current.CancellationToken, Helpers.FreePort(), Helpers.FreePort());

        Assert.True(exit == 0, output.ToString());
        Assert.Matches($@"^rest-creates {kind}: 30 creates by 3 clients in [\d.]+ s: \d+ creates/s, [\d.]+ CPU ms per create, [\d,]+ bytes allocated per create; 0 failed", output.ToString());
    }
}
