using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Scheduling.Configuration;
using OrleansKube.Grains.Hosting;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;
using OrleansKube.Silo;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The silo as <c>dotnet run --project silo</c> builds it, watched by a real Prometheus (Debian's): its
/// <c>okube_*</c> series come back through Prometheus' HTTP API, and the Orleans dashboard answers.
/// </summary>
public sealed class PrometheusEndToEndTests
{
    [Fact]
    public async Task PrometheusScrapesTheSiloAndTheDashboardAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (siloPort, gatewayPort, metricsPort, dashboardPort) = (Helpers.FreePort(), Helpers.FreePort(), Helpers.FreePort(), Helpers.FreePort());
        var profile = new ClusterProfile
        {
            Name = "e2e",
            Pools = [new NodePool { Name = "node", Count = 3, Images = ["registry.k8s.io/pause:3.10"], Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110") } }],
        };
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KubeTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var host = SiloHost.Build(profile, SchedulerConfiguration.Default, siloPort, gatewayPort, TimeSpan.Zero, telemetry: new TelemetrySettings { PrometheusPort = metricsPort }, dashboardPort: dashboardPort);
        await host.StartAsync(ct);
        try
        {
            var api = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IApiGrain>(0);
            await api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = "e2e" } }, Deployment()], ApplyMode.Create);
            // Real time: this silo runs on the host's clock, as `dotnet run --project silo` does.
            await RealTime.UntilAsync(async () => (await api.CountAsync(new ListQuery("pods", "e2e", null, "status.phase=Running"))) == 3, "3 pods Running");

            // One trace per pod's life: its root from creation to readiness, and its stages in order inside it.
            // Real time: a pod's life span ends when its Ready report has been handled, after the count above saw it Running.
            await RealTime.UntilAsync(() => Task.FromResult(spans.Count(s => s.DisplayName.StartsWith("pod e2e/web-", StringComparison.Ordinal)) == 3), "3 pod lives traced");
            foreach (var life in spans.Where(s => s.DisplayName.StartsWith("pod e2e/web-", StringComparison.Ordinal)))
            {
                Assert.Equal(default, life.ParentSpanId);
                var stages = spans.Where(s => s.TraceId == life.TraceId && s.ParentSpanId == life.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
                Assert.Equal(["schedule", "start", "ready"], stages.Select(s => s.DisplayName));
                Assert.All(stages, s => Assert.InRange(s.StartTimeUtc, life.StartTimeUtc, life.StartTimeUtc + life.Duration));
                Assert.StartsWith("node-", (string?)stages[0].GetTagItem("k8s.node.name"), StringComparison.Ordinal);
                Assert.Equal("e2e", life.GetTagItem("k8s.namespace.name"));
            }

            await using var prometheus = PrometheusServer.Start(metricsPort);
            // Real time: Prometheus scrapes on its own interval.
            await RealTime.UntilAsync(async () => (await prometheus.QueryAsync("up{job=\"orleanskube\"}", ct)) is [{ Value: 1 }], "Prometheus scraped the silo");

            // The silo exports its own meter only (other tests' silos in the process have theirs): its 3 pods exactly.
            var leaders = await prometheus.QueryAsync($"okube_leader{{holder=~\"silo-127-0-0-1-{siloPort}_.*\"}}", ct);
            Assert.Equal(["kube-controller-manager", "kube-scheduler"], leaders.Where(l => l.Value == 1).Select(l => l.Labels["lease"]).Order(StringComparer.Ordinal));
            Assert.Equal(3, (await prometheus.QueryAsync("okube_pods{phase=\"Running\"}", ct)).Single().Value);
            Assert.Equal(3, (await prometheus.QueryAsync("okube_pod_startup_latency_seconds_count", ct)).Single().Value);
            Assert.Equal(3, (await prometheus.QueryAsync("sum(okube_scheduler_attempts_total{result=\"scheduled\"})", ct)).Single().Value);
            Assert.NotEmpty(await prometheus.QueryAsync("okube_nodes{condition=\"Ready\"}", ct));
            Assert.NotEmpty(await prometheus.QueryAsync("{__name__=~\"okube_scheduler_throughput.*\"}", ct));
            Assert.NotEmpty(await prometheus.QueryAsync("dotnet_gc_collections_total", ct)); // .NET runtime metrics
            Assert.NotEmpty(await prometheus.QueryAsync("{__name__=~\"orleans_.*\"}", ct)); // Orleans' own meters

            // The shipped Grafana dashboard asks only for series the silo exports.
            var dashboard = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "observability", "grafana-dashboard.json"), ct);
            var metrics = System.Text.RegularExpressions.Regex.Matches(dashboard, "(okube|dotnet)_[a-z_]+").Select(m => m.Value).Distinct().ToList();
            Assert.Contains("okube_pod_startup_latency_seconds_bucket", metrics);
            foreach (var metric in metrics)
            {
                Assert.True((await prometheus.QueryAsync($"{{__name__=\"{metric}\"}}", ct)).Count > 0, $"the dashboard's {metric} is not exported");
            }

            using var http = new HttpClient();
            var page = await http.GetStringAsync($"http://localhost:{dashboardPort}/", ct);
            Assert.Contains("<title>Orleans Dashboard</title>", page, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static Deployment Deployment() => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "e2e" },
        Spec = new DeploymentSpec
        {
            Replicas = 3,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } },
                Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "registry.k8s.io/pause:3.10" }] },
            },
        },
    };
}
