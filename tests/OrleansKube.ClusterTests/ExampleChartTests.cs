namespace OrleansKube.ClusterTests;

/// <summary>
/// The example chart as the real kubectl applies it, with what a real cluster then shows; on a cluster of its own, roomy
/// enough for the shop whatever else ran (its two web pods share a ReadWriteOnce claim, so both go to the node its
/// volume is provisioned for, as on a real cluster).
/// </summary>
public sealed class ExampleChartTests(RoomyClusterFixture cluster) : IClassFixture<RoomyClusterFixture>, IDisposable
{
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "examples");

    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    [Fact]
    public async Task ExampleChart_AsHelmRendersIt_AppliesWithNoError_AndEveryPodRuns()
    {
        var ns = cluster.UniqueName("chart");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");

        var applied = await _kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(ExamplesDir, "chart"));

        Assert.Equal(
            Lines(
                "serviceaccount/shop created", "role.rbac.authorization.k8s.io/shop created", "rolebinding.rbac.authorization.k8s.io/shop created", "secret/shop-credentials created", "configmap/shop-config created", "persistentvolumeclaim/shop-uploads created",
                "service/shop-db created", "service/shop-web created", "deployment.apps/shop-web created", "statefulset.apps/shop-db created",
                "ingress.networking.k8s.io/shop created", "horizontalpodautoscaler.autoscaling/shop-web created", "poddisruptionbudget.policy/shop-web created"),
            applied);
        async Task<List<Pod>> PodsAsync() => [.. (await cluster.Api.ListAsync(new ListQuery("pods", ns))).Cast<Pod>()];
        static bool RunningAndReady(Pod p) => p.Status?.Phase == PodPhase.Running && p.Status.ContainerStatuses?.All(c => c.Ready) == true;
        await cluster.AdvanceUntilAsync(async () => await PodsAsync() is { Count: 3 } pods && pods.All(RunningAndReady), "the shop's three pods run and are ready", TimeSpan.FromMinutes(3));

        var pods = await PodsAsync();
        Assert.Equal(["shop-db-0"], pods.Where(p => p.Metadata.Labels!["app.kubernetes.io/component"] == "database").Select(p => p.Metadata.Name));
        Assert.All(pods, p => Assert.Equal("shop", p.Spec.ServiceAccountName));
        Assert.Matches(@"(?m)^data-shop-db-0\s", await _kubectl.OkAsync("get", "pvc", "-n", ns));

        // The rest as a real cluster shows it once settled: endpoints, an address, the autoscaler's reading, the budget's allowance.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Matches(@"(?m)^shop-web\s+\S+:8080,\S+:8080\s", await _kubectl.OkAsync("get", "endpoints", "shop-web", "-n", ns));
        Assert.Matches(@"(?m)^shop\s+orleanskube\s+shop\.example\.com\s+\d+\.\d+\.\d+\.\d+\s+80, 443\s", await _kubectl.OkAsync("get", "ingress", "-n", ns));
        Assert.Matches(@"(?m)^shop-web\s+Deployment/shop-web\s+cpu: 20%/70%\s+2\s+5\s+2\s", await _kubectl.OkAsync("get", "hpa", "-n", ns));
        Assert.Matches(@"(?m)^shop-web\s+1\s+N/A\s+1\s", await _kubectl.OkAsync("get", "pdb", "-n", ns));
        // The subject names no namespace (upstream prints it as written: "/shop").
        Assert.Matches(@"(?m)^shop\s+Role/shop\s+\S+\s+/shop$", await _kubectl.OkAsync("get", "rolebindings", "-o", "wide", "-n", ns));

    }
}
