using OrleansKube.Manifests.Simulation;
using OrleansKube.Model.Autoscaling;

namespace OrleansKube.ClusterTests;

public sealed class AutoscalerTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private async Task<HorizontalPodAutoscaler> GetHpaAsync(string ns) =>
        (HorizontalPodAutoscaler)(await cluster.Api.GetAsync("HorizontalPodAutoscaler", ns, "web"))!;

    private async Task<int> ReplicasAsync(string ns) => (await WorkloadTests.GetDeploymentAsync(cluster, ns, "web")).Spec!.Replicas!.Value;

    [Fact]
    public async Task Autoscaler_UsageRisesThenFalls_ScalesUpAtOnceAndDownOnlyAfterTheStabilizationWindow()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa");

        // Each pod uses twice its 100m request for its first minute, then a tenth of it.
        var deployment = WorkloadTests.Deployment(ns, "web", 1);
        deployment.Spec!.Template!.Metadata!.Annotations = new() { [WorkloadBehaviour.CpuUsageKey] = "200m; 60s=10m" };
        var hpa = new HorizontalPodAutoscaler
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MinReplicas = 1,
                MaxReplicas = 4,
                Metrics = [new MetricSpec { Type = MetricSourceType.Resource, Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = 50 } } }],
                Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = 300 } },
            },
        };
        await cluster.Api.ApplyAsync([deployment, hpa], ApplyMode.Apply);

        // 400 % against 50 %: straight to the maximum, as far as the default scale-up policy (+4 pods per 15 s) allows.
        await cluster.AdvanceUntilAsync(async () => await ReplicasAsync(ns) == 4, "the autoscaler scales web to 4", TimeSpan.FromMinutes(2));
        var rescale = await Helpers.SettledEventsAsync(cluster, ns, "web", events => events.Any(e => e.Reason == "SuccessfulRescale"));
        Assert.Contains(rescale, e => e.Message == "New size: 4; reason: cpu resource utilization (percentage of request) above target");
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.GetDeploymentAsync(cluster, ns, "web")).Status?.ReadyReplicas == 4, "4 replicas are ready");

        // Once every pod is past its first minute the reading is low; the window still holds the highest recent recommendation.
        await cluster.AdvanceUntilAsync(
            async () => (await GetHpaAsync(ns)).Status?.CurrentMetrics?.FirstOrDefault()?.Resource?.Current?.AverageUtilization is < 50,
            "the autoscaler reads the low usage", TimeSpan.FromMinutes(3));
        var low = cluster.Time.GetUtcNow();
        var status = (await GetHpaAsync(ns)).Status!;
        Assert.Equal(10, status.CurrentMetrics![0].Resource!.Current!.AverageUtilization);
        Assert.Equal(4, await ReplicasAsync(ns));
        Assert.Equal("ScaleDownStabilized", status.Conditions!.Single(c => c.Type == "AbleToScale").Reason);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(200));
        Assert.Equal(4, await ReplicasAsync(ns));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(70));
        Assert.Equal(4, await ReplicasAsync(ns)); // 285 s after the last high reading (a pass before the first low one)

        await cluster.AdvanceUntilAsync(async () => await ReplicasAsync(ns) == 1, "the autoscaler scales web down to 1", TimeSpan.FromSeconds(60));
        Assert.InRange((cluster.Time.GetUtcNow() - low).TotalSeconds, 285, 300);
        await Helpers.SettledEventsAsync(cluster, ns, "web", events => events.Any(e => e.Message == "New size: 1; reason: All metrics below target"));
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count == 1, "web is down to one pod");

        // As upstream, status.currentReplicas is what the last pass read: the pass after the rescale reads 1.
        await cluster.AdvanceUntilAsync(async () => (await GetHpaAsync(ns)).Status?.CurrentReplicas == 1, "the autoscaler has read the new size", TimeSpan.FromSeconds(30));
        var (exit, output, _) = await Helpers.OkctlAsync(cluster, "get", "hpa", "-n", ns);
        Assert.Equal(0, exit);
        Assert.Matches(@"NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE", output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"web\s+Deployment/web\s+cpu: 10%/50%\s+1\s+4\s+1\s+"), output);

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Autoscaler_Example_ScalesWebUpToFiveAndBackToOne()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-example");
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "autoscaling", "hpa.yaml");

        Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "apply", "-f", example, "-n", ns)).Exit);

        await cluster.AdvanceUntilAsync(async () => await ReplicasAsync(ns) == 5, "the example scales web to 5", TimeSpan.FromMinutes(2));
        await cluster.AdvanceUntilAsync(async () => await ReplicasAsync(ns) == 1, "the example scales web back to 1", TimeSpan.FromMinutes(10));
        var (exit, output, _) = await Helpers.OkctlAsync(cluster, "describe", "hpa", "web", "-n", ns);
        Assert.Equal(0, exit);
        Assert.Contains("New size: 1; reason: All metrics below target", output);
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Autoscaler_TargetMissing_ReportsItCannotGetTheScale()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hpa-missing");
        await cluster.Api.ApplyAsync(
        [
            new HorizontalPodAutoscaler
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = ns },
                Spec = new HorizontalPodAutoscalerSpec { ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" }, MaxReplicas = 3 },
            },
        ], ApplyMode.Apply);

        await cluster.AdvanceUntilAsync(async () => (await GetHpaAsync(ns)).Status?.Conditions is { Count: > 0 }, "the autoscaler has made a pass", TimeSpan.FromSeconds(30));

        var able = (await GetHpaAsync(ns)).Status!.Conditions!.Single(c => c.Type == "AbleToScale");
        Assert.Equal((ConditionStatus.False, "FailedGetScale"), (able.Status, able.Reason));
        Assert.Equal("the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found", able.Message);
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }
}
