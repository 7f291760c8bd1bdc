using OrleansKube.Model.Discovery;

namespace OrleansKube.ClusterTests;

/// <summary>A Service's EndpointSlices, kept by its endpoints controller in the same pass as its Endpoints, seen through the real kubectl.</summary>
public sealed class EndpointSliceTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private async Task<List<EndpointSlice>> SlicesAsync(string ns) =>
        [.. (await cluster.Api.ListAsync(new ListQuery("endpointslices", ns, "kubernetes.io/service-name=web"))).Cast<EndpointSlice>()];

    private async Task<List<Pod>> RunningPodsAsync(string ns) =>
        [.. (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Cast<Pod>().Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == PodPhase.Running)];

    /// <summary>The slice's endpoints as <c>ip ready</c>, sorted, and whether they are exactly the running pods' IPs.</summary>
    private async Task<bool> SliceIsAsync(string ns, int count, bool ready)
    {
        var slice = (await SlicesAsync(ns)).SingleOrDefault();
        var pods = await RunningPodsAsync(ns);
        return slice?.Endpoints is { } endpoints && endpoints.Count == count && pods.Count == count
            && endpoints.All(e => e.Conditions!.Ready == ready && e.Conditions.Serving == ready && e.Conditions.Terminating == false && e.TargetRef!.Kind == "Pod")
            && endpoints.Select(e => e.Addresses.Single()).Order(StringComparer.Ordinal).SequenceEqual(pods.Select(p => p.Status!.PodIP!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EndpointSlice_FollowsTheServicesPods_ReadyScaledAndDeleted_AndKubectlListsIt()
    {
        var ns = cluster.UniqueName("slices");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: {{ns}}}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: http}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{ns}}}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                  annotations: {sim.orleanskube.io/ready-after-seconds: "60"}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe:
                      httpGet: {path: /, port: http}
                      periodSeconds: 5
                    resources:
                      requests: {cpu: 10m, memory: 16Mi}
            """);

        // Running but not yet ready: endpoints neither ready nor serving; then ready.
        await cluster.AdvanceUntilAsync(() => SliceIsAsync(ns, 2, ready: false), "two running pods are not-ready endpoints");
        var slice = Assert.Single(await SlicesAsync(ns));
        var name = slice.Metadata.Name!;
        Assert.Matches("^web-[a-z0-9]{5}$", name);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels!["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal(("Service", "web"), (slice.Metadata.OwnerReferences!.Single().Kind, slice.Metadata.OwnerReferences!.Single().Name));
        var port = slice.Ports!.Single();
        Assert.Equal(("http", 8080, Protocol.TCP), (port.Name, port.Port, port.Protocol));
        Assert.All(slice.Endpoints!, e => Assert.False(string.IsNullOrEmpty(e.NodeName)));
        await cluster.AdvanceUntilAsync(() => SliceIsAsync(ns, 2, ready: true), "both pods are ready endpoints");

        // Scaled up: the same slice takes the new pod.
        await _kubectl.OkAsync("scale", "deploy", "web", "-n", ns, "--replicas=3");
        await cluster.AdvanceUntilAsync(() => SliceIsAsync(ns, 3, ready: true), "three ready endpoints");
        Assert.Equal(name, Assert.Single(await SlicesAsync(ns)).Metadata.Name);

        var table = await _kubectl.OkAsync("get", "endpointslices", "-n", ns);
        var ips = (await RunningPodsAsync(ns)).Select(p => p.Status!.PodIP!).Order(StringComparer.Ordinal);
        Assert.Matches($@"^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n{name}\s+IPv4\s+8080\s+{string.Join(",", ips).Replace(".", @"\.", StringComparison.Ordinal)}\s+\S+\n$", table);

        // A deleted pod leaves the slice; its replacement joins it once ready.
        var victim = (await RunningPodsAsync(ns))[0];
        await cluster.Api.DeleteAsync("Pod", ns, victim.Metadata.Name!, gracePeriodSeconds: 0);
        await cluster.AdvanceUntilAsync(
            async () => (await SlicesAsync(ns)).Single().Endpoints!.All(e => e.Addresses.Single() != victim.Status!.PodIP || e.TargetRef!.Name != victim.Metadata.Name),
            "the deleted pod left the slice");
        await cluster.AdvanceUntilAsync(() => SliceIsAsync(ns, 3, ready: true), "the replacement is a ready endpoint");

        // Scaled to zero: the slice stays, empty.
        await _kubectl.OkAsync("scale", "deploy", "web", "-n", ns, "--replicas=0");
        await cluster.AdvanceUntilAsync(async () => (await SlicesAsync(ns)).SingleOrDefault() is { Endpoints.Count: 0 } && (await RunningPodsAsync(ns)).Count == 0, "the slice is empty");
        Assert.Matches($@"\n{name}\s+IPv4\s+<unset>\s+<unset>\s+", await _kubectl.OkAsync("get", "endpointslices", "-n", ns));

        await cluster.Api.DeleteAsync("services", ns, "web");
        await cluster.AdvanceUntilAsync(async () => (await SlicesAsync(ns)).Count == 0, "the slices go with the Service");
    }

    [Fact]
    public async Task SelectorlessService_UsersEndpointsAreMirroredIntoASlice_ThatFollowsThemAndGoesWithThem()
    {
        var ns = cluster.UniqueName("mirror");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        string Endpoints(string subsets) => $$"""
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: db
              namespace: {{ns}}
              labels: {team: data}
            subsets:
            {{subsets}}
            """;
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: {{ns}}}
            spec:
              ports: [{name: pg, port: 5432}]
            ---
            {{Endpoints("- addresses: [{ip: 192.168.10.1}]\n  ports: [{name: pg, port: 5432}]")}}
            """);

        async Task<List<EndpointSlice>> MirroredAsync() =>
            [.. (await cluster.Api.ListAsync(new ListQuery("endpointslices", ns, "kubernetes.io/service-name=db"))).Cast<EndpointSlice>()];
        await cluster.AdvanceUntilAsync(async () => (await MirroredAsync()).Count == 1, "the Endpoints are mirrored into a slice");
        var slice = Assert.Single(await MirroredAsync());
        Assert.Matches("^db-[a-z0-9]{5}$", slice.Metadata.Name!);
        Assert.Equal(
            new Dictionary<string, string> { ["team"] = "data", ["kubernetes.io/service-name"] = "db", ["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io" },
            slice.Metadata.Labels);
        Assert.Equal(("Endpoints", "db"), (slice.Metadata.OwnerReferences!.Single().Kind, slice.Metadata.OwnerReferences!.Single().Name));
        Assert.Equal(("pg", 5432, Protocol.TCP), (slice.Ports!.Single().Name, slice.Ports!.Single().Port, slice.Ports!.Single().Protocol));
        Assert.Equal([("192.168.10.1", true)], slice.Endpoints!.Select(e => (e.Addresses.Single(), e.Conditions!.Ready == true)));

        // The user changes the Endpoints: the same slice follows.
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], Endpoints("- addresses: [{ip: 192.168.10.1}]\n  notReadyAddresses: [{ip: 192.168.10.2}]\n  ports: [{name: pg, port: 5432}]"));
        await cluster.AdvanceUntilAsync(async () => (await MirroredAsync()).SingleOrDefault()?.Endpoints?.Count == 2, "the slice has both addresses");
        var updated = Assert.Single(await MirroredAsync());
        Assert.Equal(slice.Metadata.Name, updated.Metadata.Name);
        Assert.Equal([("192.168.10.1", true), ("192.168.10.2", false)], updated.Endpoints!.Select(e => (e.Addresses.Single(), e.Conditions!.Ready == true)));
        Assert.Matches($@"\n{slice.Metadata.Name}\s+IPv4\s+5432\s+192\.168\.10\.1,192\.168\.10\.2\s+", await _kubectl.OkAsync("get", "endpointslices", "-n", ns));

        // The Endpoints deleted: their slice goes with them.
        await _kubectl.OkAsync("delete", "endpoints", "db", "-n", ns);
        await cluster.AdvanceUntilAsync(async () => (await MirroredAsync()).Count == 0, "the mirrored slice goes with the Endpoints");
        await cluster.Api.DeleteAsync("namespaces", null, ns);
    }
}
