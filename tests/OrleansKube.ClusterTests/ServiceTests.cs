namespace OrleansKube.ClusterTests;

[Collection(ClusterCollection.Name)]
public sealed class ServiceTests(ClusterFixture cluster)
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
}
