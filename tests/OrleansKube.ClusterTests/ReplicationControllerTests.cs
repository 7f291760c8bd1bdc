namespace OrleansKube.ClusterTests;

/// <summary>ReplicationControllers on the cluster, driven by the real kubectl: the ReplicaSet controller's pass on an RC.</summary>
public sealed class ReplicationControllerTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private async Task<List<Pod>> PodsAsync(string ns) =>
        [.. (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Cast<Pod>().Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase is not (PodPhase.Succeeded or PodPhase.Failed))];

    private async Task ReadyAsync(string ns, int replicas) =>
        await cluster.AdvanceUntilAsync(
            async () => await cluster.Api.GetAsync("ReplicationController", ns, "web") is ReplicationController { Status: { } status } rc
                && status.ObservedGeneration >= rc.Metadata.Generation && status.Replicas == replicas && status.ReadyReplicas == replicas
                && (await PodsAsync(ns)).Count == replicas,
            $"replication controller {ns}/web has {replicas} ready replicas");

    [Fact]
    public async Task ReplicationController_ScalesReplacesAndIsScaledByKubectl_AsUpstreamsReplicationManager()
    {
        var ns = cluster.UniqueName("rc");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        var manifest = $$"""
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: web
              namespace: {{ns}}
            spec:
              replicas: 3
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    resources:
                      requests: {cpu: 10m, memory: 16Mi}
            """;
        Assert.Equal("replicationcontroller/web created\n", await _kubectl.OkWithInputAsync(["apply", "-f", "-"], manifest));
        await ReadyAsync(ns, 3);

        var rc = (ReplicationController)(await cluster.Api.GetAsync("ReplicationController", ns, "web"))!;
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, rc.Spec!.Selector);
        Assert.All(await PodsAsync(ns), p => Assert.Equal(("v1", "ReplicationController", rc.Metadata.Uid), (p.Metadata.OwnerReferences![0].ApiVersion, p.Metadata.OwnerReferences[0].Kind, p.Metadata.OwnerReferences[0].Uid)));

        // A deleted pod is replaced.
        var victim = (await PodsAsync(ns))[0].Metadata.Name!;
        await cluster.Api.DeleteAsync("Pod", ns, victim, gracePeriodSeconds: 0);
        await cluster.AdvanceUntilAsync(async () => (await PodsAsync(ns)).All(p => p.Metadata.Name != victim), "the deleted pod is gone");
        await ReadyAsync(ns, 3);

        // Scaled up and down by kubectl scale (the scale subresource's client path).
        Assert.Equal("replicationcontroller/web scaled\n", await _kubectl.OkAsync("scale", "rc", "web", "-n", ns, "--replicas=5"));
        await ReadyAsync(ns, 5);
        Assert.Equal("replicationcontroller/web scaled\n", await _kubectl.OkAsync("scale", "rc", "web", "-n", ns, "--replicas=1"));
        await ReadyAsync(ns, 1);

        var table = await _kubectl.OkAsync("get", "rc", "-n", ns, "-o", "wide");
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+1\s+1\s+1\s+\S+\s+web\s+nginx:1.27\s+app=web\n$", table);
    }
}
