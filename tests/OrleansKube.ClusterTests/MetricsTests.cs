using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The silo's Prometheus endpoint, scraped as Prometheus would. Instruments are process-wide, so the other
/// test silos' pods count here too: the checks are on what must have grown, and on this silo's own leader gauge.
/// </summary>
public sealed class MetricsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task MetricsEndpoint_AfterAPodRuns_ShowsItsSchedulingAndStartup_AndWhoLeads()
    {
        var before = await ScrapeAsync();
        var ns = await Helpers.CreateNamespaceAsync(cluster, "metrics");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "measured", cpu: "100m")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.GetAsync("Pod", ns, "measured")) is Pod { Status.Phase: PodPhase.Running }, "the pod runs");

        await Assert.ThrowsAsync<ApiException>(() => cluster.Api.DeleteAsync("pods", ns, "absent"));
        var after = await ScrapeAsync();
        Assert.True(Value(after, "okube_scheduler_attempts_total", "result=\"scheduled\"") > Value(before, "okube_scheduler_attempts_total", "result=\"scheduled\""), after);
        Assert.True(Value(after, "okube_pod_startup_latency_seconds_count", "") > Value(before, "okube_pod_startup_latency_seconds_count", ""), after);
        Assert.True(Value(after, "okube_pod_scheduling_latency_seconds_count", "profile=\"default-scheduler\"") > Value(before, "okube_pod_scheduling_latency_seconds_count", "profile=\"default-scheduler\""), after);

        // Gauges: pods by phase, nodes by condition, the scheduler's queues.
        Assert.True(Value(after, "okube_pods", "phase=\"Running\"") >= 1, after);
        Assert.True(Value(after, "okube_nodes", "condition=\"Ready\"") >= 3, after);
        Assert.Contains("okube_scheduler_pending_pods{", after, StringComparison.Ordinal);

        // API requests by verb, resource and code: the apply above, and the delete of a pod that is not there.
        Assert.True(Value(after, "okube_api_request_duration_seconds_count", "verb=\"PATCH\"") > Value(before, "okube_api_request_duration_seconds_count", "verb=\"PATCH\""), after);
        Assert.True(Value(after, "okube_api_request_duration_seconds_count", "code=\"404\",resource=\"pods\",verb=\"DELETE\"") >= 1, after);

        // The only silo leads both leases.
        Assert.Matches(LeaderLine("kube-controller-manager"), after);
        Assert.Matches(LeaderLine("kube-scheduler"), after);

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    private static Regex LeaderLine(string lease) => new($@"(?m)^okube_leader\{{[^}}]*lease=""{lease}""[^}}]*\}} 1$");

    private async Task<string> ScrapeAsync() =>
        await Http.GetStringAsync(new Uri($"http://localhost:{cluster.MetricsPort}/metrics"), TestContext.Current.CancellationToken);

    /// <summary>The sum of a series' samples whose labels contain <paramref name="label"/> (0 when there is none yet).</summary>
    private static double Value(string scrape, string name, string label) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
