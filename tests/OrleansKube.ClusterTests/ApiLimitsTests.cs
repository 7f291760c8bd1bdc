using OrleansKube.Control.Store;
using OrleansKube.Model.Scheduling;

namespace OrleansKube.ClusterTests;

/// <summary>The API's bounds and concurrency contract: size limits, the pods-per-workload guard, resourceVersion preconditions, per-object apply.</summary>
public sealed class ApiLimitsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static ConfigMap ConfigMap(string ns, string name, string value = "1", string? resourceVersion = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, ResourceVersion = resourceVersion },
        Data = new() { ["v"] = value },
    };

    [Fact]
    public async Task Apply_StaleResourceVersion_IsAConflict_AndKeepsTheNewerData()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "stale");
        await cluster.Api.ApplyAsync([ConfigMap(ns, "cm", "1")], ApplyMode.Apply);
        var first = (await cluster.Api.GetAsync("configmaps", ns, "cm"))!.Metadata.ResourceVersion;
        await cluster.Api.ApplyAsync([ConfigMap(ns, "cm", "2")], ApplyMode.Apply);

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([ConfigMap(ns, "cm", "stale", first)], ApplyMode.Apply));

        Assert.Equal(ApiErrorReason.Conflict, error.Reason);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
        Assert.Equal("2", ((ConfigMap)(await cluster.Api.GetAsync("configmaps", ns, "cm"))!).Data!["v"]);

        // The current version is accepted.
        var current = (await cluster.Api.GetAsync("configmaps", ns, "cm"))!.Metadata.ResourceVersion;
        Assert.Equal("configured", Assert.Single(await cluster.Api.ApplyAsync([ConfigMap(ns, "cm", "3", current)], ApplyMode.Apply)).Verb);
    }

    [Fact]
    public async Task Create_WithResourceVersion_IsABadRequest_AndStoresNothing()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "rv-create");

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([ConfigMap(ns, "cm", resourceVersion: "42")], ApplyMode.Apply));

        Assert.Equal((ApiErrorReason.BadRequest, "resourceVersion should not be set on objects to be created"), (error.Reason, error.Message));
        Assert.Null(await cluster.Api.GetAsync("configmaps", ns, "cm"));
    }

    [Fact]
    public async Task Scale_TwentyInParallel_AllSucceed()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "scale");
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 0)], ApplyMode.Apply);
        await cluster.SettleAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Helpers.OkctlAsync(cluster, "scale", "deployment", "web", "-n", ns, $"--replicas={i % 2}")));

        Assert.All(results, r => Assert.Equal((0, "deployment.apps/web scaled", ""), (r.Exit, r.Out.Trim(), r.Err.Trim())));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Scale_WithStaleResourceVersion_IsAConflict()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "scale-rv");
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 0)], ApplyMode.Apply);
        await cluster.SettleAsync();
        var version = (await cluster.Api.GetAsync("deployments", ns, "web"))!.Metadata.ResourceVersion!;
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 0, image: "nginx:1.28")], ApplyMode.Apply);

        var stale = await Helpers.OkctlAsync(cluster, "scale", "deployment", "web", "-n", ns, "--replicas=0", "--resource-version", version);

        Assert.Equal(1, stale.Exit);
        Assert.Equal("Error from server (Conflict): Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again", stale.Err.Trim());
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Apply_ServerRefusesOneDocument_WritesTheOthers_AndReportsEachAsKubectl()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "per-object");
        const int nodePort = 30777;
        await cluster.Api.ApplyAsync([Service(ns, "taken", nodePort)], ApplyMode.Apply);
        var path = Path.Combine(Path.GetTempPath(), $"{ns}.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: before, namespace: {ns}{"}"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: clash, namespace: {ns}{"}"}
            spec:
              type: NodePort
              selector: {"{"}app: x{"}"}
              ports: [{"{"}port: 80, nodePort: {nodePort}{"}"}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: after, namespace: {ns}{"}"}
            """, TestContext.Current.CancellationToken);

        try
        {
            var result = await Helpers.OkctlAsync(cluster, "apply", "-f", path);

            Assert.Equal(1, result.Exit);
            Assert.Equal(["configmap/before created", "configmap/after created"], result.Out.Trim().Split(Environment.NewLine));
            Assert.Equal($"Error from server (Invalid): error when applying service/clash: Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: {nodePort}: provided port is already allocated", result.Err.Trim());
            Assert.NotNull(await cluster.Api.GetAsync("configmaps", ns, "after"));
            Assert.Null(await cluster.Api.GetAsync("services", ns, "clash"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Apply_OverTheLimits_IsInvalidNamingTheField()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "limits");
        var big = ConfigMap(ns, "big", new string('x', 1536 * 1024));
        var annotated = ConfigMap(ns, "annotated") with { Metadata = new ObjectMeta { Name = "annotated", Namespace = ns, Annotations = new() { ["note"] = new string('x', 300_000) } } };

        var cases = new (KubeObject Object, string Expected)[]
        {
            (big, "ConfigMap \"big\" is invalid: data: Too long: may not be more than 1048576 bytes"),
            (annotated, "ConfigMap \"annotated\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes"),
            (WorkloadTests.Deployment(ns, "huge", 100_000_000), "Deployment \"huge\" is invalid: spec.replicas: Invalid value: 100000000: must be less than or equal to 100000 (the cluster's --max-pods-per-workload)"),
        };
        foreach (var (obj, expected) in cases)
        {
            var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([obj], ApplyMode.Apply));
            Assert.Equal((ApiErrorReason.Invalid, expected), (error.Reason, error.Message));
        }

        // A scale past the limit is refused the same way (an update, not an apply).
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 0)], ApplyMode.Apply);
        var scale = await Helpers.OkctlAsync(cluster, "scale", "deployment", "web", "-n", ns, "--replicas=100000001");
        Assert.Equal((1, "Error from server (Invalid): Deployment \"web\" is invalid: spec.replicas: Invalid value: 100000001: must be less than or equal to 100000 (the cluster's --max-pods-per-workload)"), (scale.Exit, scale.Err.Trim()));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Theory]
    [InlineData("system-node-critical")]
    [InlineData("system-cluster-critical")]
    public async Task Delete_SystemPriorityClass_IsForbidden(string name)
    {
        var result = await Helpers.OkctlAsync(cluster, "delete", "priorityclass", name);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"Error from server (Forbidden): priorityclasses.scheduling.k8s.io \"{name}\" is forbidden: this is a system priority class and cannot be deleted", result.Err.Trim());
        Assert.IsType<PriorityClass>(await cluster.Api.GetAsync("priorityclasses", null, name));
    }

    private static Service Service(string ns, string name, int nodePort) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec { Type = ServiceType.NodePort, Selector = new() { ["app"] = "x" }, Ports = [new ServicePort { Port = 80, NodePort = nodePort }] },
    };
}
