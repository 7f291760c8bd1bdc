namespace OrleansKube.ClusterTests;

public sealed class ServiceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static Service NodePortService(string ns, string name, int? nodePort) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec { Type = ServiceType.NodePort, Selector = new() { ["app"] = name }, Ports = [new ServicePort { Port = 80, NodePort = nodePort }] },
    };

    [Fact]
    public async Task Service_Created_GetsAClusterIpAndNodePort_AndATakenPortIsRefused()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "svc");
        await cluster.Api.ApplyAsync([NodePortService(ns, "web", 31234), NodePortService(ns, "api", null)], ApplyMode.Apply);

        var web = (Service)(await cluster.Api.GetAsync("Service", ns, "web"))!;
        var api = (Service)(await cluster.Api.GetAsync("Service", ns, "api"))!;
        Assert.StartsWith("10.9", web.Spec!.ClusterIP, StringComparison.Ordinal);
        Assert.NotEqual(web.Spec.ClusterIP, api.Spec!.ClusterIP);
        Assert.Equal(31234, web.Spec.Ports![0].NodePort);
        Assert.InRange(api.Spec.Ports![0].NodePort!.Value, 30000, 32767);

        var clash = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([NodePortService(ns, "clash", 31234)], ApplyMode.Apply));
        Assert.Equal("Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 31234: provided port is already allocated", clash.Message);
        Assert.Null(await cluster.Api.GetAsync("Service", ns, "clash"));

        // Re-applying keeps the allocation; deleting gives the port back.
        await cluster.Api.ApplyAsync([NodePortService(ns, "web", 31234)], ApplyMode.Apply);
        Assert.Equal(web.Spec.ClusterIP, ((Service)(await cluster.Api.GetAsync("Service", ns, "web"))!).Spec!.ClusterIP);
        await cluster.Api.DeleteAsync("services", ns, "web");
        await cluster.Api.ApplyAsync([NodePortService(ns, "clash", 31234)], ApplyMode.Apply);

        var get = await Helpers.OkctlAsync(cluster, "get", "svc", "clash", "-n", ns);
        Assert.Matches(@"^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nclash +NodePort +10\.\d+\.\d+\.\d+ +<none> +80:31234/TCP +\d+s\n$", get.Out);
    }

    [Fact]
    public async Task Endpoints_FollowTheReadyPodsTheSelectorMatches()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "endpoints");
        var deployment = WorkloadTests.Deployment(ns, "web", 2);
        deployment.Spec!.Template!.Spec!.Containers[0].Ports = [new ContainerPort { Name = "http", Port = 8080 }];
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { Selector = new() { ["app"] = "web" }, Ports = [new ServicePort { Port = 80, TargetPort = Model.Resources.IntOrString.FromString("http") }] },
        };
        await cluster.Api.ApplyAsync([service, deployment], ApplyMode.Apply);

        async Task<List<string>> ReadyAsync() => await cluster.Api.GetAsync("Endpoints", ns, "web") is Endpoints e
            ? [.. (e.Subsets ?? []).SelectMany(s => (s.Addresses ?? []).SelectMany(a => (s.Ports ?? []).Select(p => $"{a.Ip}:{p.Port}")))]
            : [];
        await cluster.AdvanceUntilAsync(async () => (await ReadyAsync()).Count == 2, "both pods are endpoints");

        var pods = await WorkloadTests.ListAsync<Pod>(cluster, ns);
        Assert.Equal(pods.Select(p => $"{p.Status!.PodIP}:8080").Order(StringComparer.Ordinal), (await ReadyAsync()).Order(StringComparer.Ordinal));
        var endpoints = (Endpoints)(await cluster.Api.GetAsync("Endpoints", ns, "web"))!;
        Assert.All(endpoints.Subsets!.Single().Addresses!, a => Assert.Equal("Pod", a.TargetRef!.Kind));

        // A new object: the one applied above is shared with the silo (objects cross grains of a process uncopied).
        var scaled = deployment with { Metadata = new ObjectMeta { Name = "web", Namespace = ns }, Spec = deployment.Spec with { Replicas = 3 } };
        await cluster.Api.ApplyAsync([scaled], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count(p => p.Status?.Phase == PodPhase.Running) == 3, "three pods run");
        await cluster.HoldsAsync(async () => (await ReadyAsync()).Count == 3, "the third pod is an endpoint");
        var get = await Helpers.OkctlAsync(cluster, "get", "endpoints", "web", "-n", ns);
        Assert.Matches(@"^NAME +ENDPOINTS +AGE\nweb +(\d+\.\d+\.\d+\.\d+:8080,){2}\d+\.\d+\.\d+\.\d+:8080 +\d+s\n$", get.Out);

        await cluster.Api.DeleteAsync("services", ns, "web");
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Endpoints", ns, "web") is null, "the Endpoints go with the Service");
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }
}
