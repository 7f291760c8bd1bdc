using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The silo's Prometheus endpoint, scraped as Prometheus would. It exports this silo's own meter only (the other
/// test silos in the process have theirs) and this class has the silo to itself, so what one pod adds is checked
/// exactly, and the gauges against what the silo holds.
/// </summary>
public sealed class MetricsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task MetricsEndpoint_AfterAPodRuns_ShowsItsSchedulingAndStartup_AndWhoLeads()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "metrics");
        await cluster.SettleAsync();
        var before = await ScrapeAsync();
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "measured", cpu: "100m")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.GetAsync("Pod", ns, "measured")) is Pod { Status.Phase: PodPhase.Running }, "the pod runs");

        await Assert.ThrowsAsync<ApiException>(() => cluster.Api.DeleteAsync("pods", ns, "absent"));
        await cluster.SettleAsync();
        var after = await ScrapeAsync();
        double Added(string name, params string[] labels) => Value(after, name, labels) - Value(before, name, labels);

        // The one pod: scheduled once, at its first attempt, and started once, no sooner than its start delay on the simulation clock.
        Assert.Equal(1, Added("okube_scheduler_attempts_total", "profile=\"default-scheduler\"", "result=\"scheduled\""));
        Assert.Equal(1, Added("okube_scheduler_attempts_total"));
        Assert.Equal(1, Added("okube_pod_scheduling_latency_seconds_count", "profile=\"default-scheduler\""));
        Assert.Equal(1, Added("okube_pod_startup_latency_seconds_count"));
        Assert.True(Added("okube_pod_startup_latency_seconds_sum") >= ClusterFixture.PodStartDelay.TotalSeconds, after);

        // Gauges: pods by phase and nodes by condition are what the silo holds; the scheduler's queues are there.
        var pods = await cluster.Api.ListAsync(new ListQuery("Pod", null));
        foreach (var phase in Enum.GetValues<PodPhase>())
        {
            Assert.Equal(pods.Count(p => (((Pod)p).Status?.Phase ?? PodPhase.Pending) == phase), Value(after, "okube_pods", $"phase=\"{phase}\""));
        }

        var nodes = (await cluster.Api.ListAsync(new ListQuery("Node", null))).Cast<Node>().ToList();
        Assert.Equal(nodes.Count(n => n.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true), Value(after, "okube_nodes", "condition=\"Ready\""));
        Assert.Equal(nodes.Count, Value(after, "okube_nodes"));
        Assert.Contains("okube_scheduler_pending_pods{", after, StringComparison.Ordinal);

        // API requests by verb, resource and code: the apply above, and the delete of a pod that is not there.
        Assert.Equal(1, Added("okube_api_request_duration_seconds_count", "verb=\"PATCH\"", "resource=\"pods\"", "code=\"200\""));
        Assert.Equal(1, Added("okube_api_request_duration_seconds_count", "verb=\"DELETE\"", "resource=\"pods\"", "code=\"404\""));

        // The only silo leads both leases, and no other silo's leases are here.
        Assert.Matches(LeaderLine("kube-controller-manager"), after);
        Assert.Matches(LeaderLine("kube-scheduler"), after);
        Assert.Equal(2, Lines(after, "okube_leader").Count());

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task MetricsEndpoint_WithOtherOrleansKubeMetersInTheProcess_ExportsOnlyItsSilos()
    {
        // Another silo's metrics (its own container's meter factory), and a meter of the same name made outside any container.
        await using var otherSilo = new ServiceCollection().AddMetrics().BuildServiceProvider();
        new KubeMetrics(otherSilo.GetRequiredService<IMeterFactory>()).RecordAttempt("scheduled", "another-silo");
        using var global = new Meter(KubeMetrics.MeterName);
        global.CreateCounter<long>("okube.scheduler.attempts", "{attempt}").Add(1, new KeyValuePair<string, object?>("profile", "no-silo"));

        var scrape = await ScrapeAsync();

        Assert.Contains("okube_leader{", scrape, StringComparison.Ordinal); // this silo's meter is there
        Assert.DoesNotContain("another-silo", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("no-silo", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsEndpoint_AskedOn127001_AnswersAsOnLocalhost()
    {
        var scrape = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{cluster.MetricsPort}/metrics"), TestContext.Current.CancellationToken);

        Assert.Contains("okube_leader{", scrape, StringComparison.Ordinal);
    }

    private static Regex LeaderLine(string lease) => new($@"(?m)^okube_leader\{{[^}}]*lease=""{lease}""[^}}]*\}} 1$");

    private async Task<string> ScrapeAsync() =>
        await Http.GetStringAsync(new Uri($"http://localhost:{cluster.MetricsPort}/metrics"), TestContext.Current.CancellationToken);

    private static IEnumerable<string> Lines(string scrape, string name) =>
        scrape.Split('\n').Where(line => line.StartsWith(name + "{", StringComparison.Ordinal));

    /// <summary>The sum of a series' samples whose labels contain every one of <paramref name="labels"/> (0 when there is none yet).</summary>
    private static double Value(string scrape, string name, params string[] labels) =>
        Lines(scrape, name)
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
