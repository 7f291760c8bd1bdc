using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

[Collection(ClusterCollection.Name)]
public sealed class WorkloadTests(ClusterFixture cluster)
{
    internal static Deployment Deployment(string ns, string name, int replicas, string image = "nginx:1.27") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 0,
                    Containers = [new Container { Name = "web", Image = image, Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("100m") } } }],
                },
            },
        },
    };

    /// <summary>Moves the clock a second at a time until <paramref name="condition"/> holds (pods start after 5 simulated seconds).</summary>
    internal static Task AdvanceUntilAsync(ClusterFixture cluster, Func<Task<bool>> condition, string what) =>
        Eventually.HoldsAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                cluster.Time.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            what);

    internal static async Task<List<T>> ListAsync<T>(ClusterFixture cluster, string ns, string? selector = null) =>
        [.. (await cluster.Api.ListAsync(new ListQuery(typeof(T).Name, ns, selector))).Cast<T>()];

    internal static async Task<Deployment> GetDeploymentAsync(ClusterFixture cluster, string ns, string name) =>
        (Deployment)(await cluster.Api.GetAsync("Deployment", ns, name))!;

    [Fact]
    public async Task Deployment_Applied_RunsItsReplicasThroughAReplicaSet()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deploy");
        await cluster.Api.ApplyAsync([Deployment(ns, "web", 4)], ApplyMode.Apply);

        await AdvanceUntilAsync(cluster, async () => (await GetDeploymentAsync(cluster, ns, "web")).Status?.AvailableReplicas == 4, "4 replicas are available");

        var rs = Assert.Single(await ListAsync<ReplicaSet>(cluster, ns));
        Assert.StartsWith("web-", rs.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal((4, 4, 4), (rs.Status!.Replicas, rs.Status.ReadyReplicas, rs.Status.AvailableReplicas));
        var pods = await ListAsync<Pod>(cluster, ns);
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.Equal(PodPhase.Running, p.Status!.Phase));
        Assert.All(pods, p => Assert.Equal(rs.Metadata.Uid, p.Metadata.OwnerReferences!.Single().Uid));
        var d = await GetDeploymentAsync(cluster, ns, "web");
        Assert.Equal("1", d.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Contains(d.Status!.Conditions!, c => c.Type == "Available" && c.Status == ConditionStatus.True);
    }

    [Fact]
    public async Task Deployment_ScaledAndUpdated_RollsToTheNewImageAndCleansUpOnDelete()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "rollout");
        await cluster.Api.ApplyAsync([Deployment(ns, "api", 3)], ApplyMode.Apply);
        await AdvanceUntilAsync(cluster, async () => (await GetDeploymentAsync(cluster, ns, "api")).Status?.AvailableReplicas == 3, "3 replicas are available");

        await cluster.Api.ApplyAsync([Deployment(ns, "api", 2)], ApplyMode.Apply);
        await AdvanceUntilAsync(cluster, async () => (await ListAsync<Pod>(cluster, ns)).Count == 2, "scaled down to 2 pods");

        await cluster.Api.ApplyAsync([Deployment(ns, "api", 2, image: "busybox:1.36")], ApplyMode.Apply);
        await AdvanceUntilAsync(
            cluster,
            async () => DeploymentConditions.IsComplete(await GetDeploymentAsync(cluster, ns, "api"), (await GetDeploymentAsync(cluster, ns, "api")).Status)
                && (await ListAsync<Pod>(cluster, ns)).Count == 2,
            "the rollout completes");

        var pods = await ListAsync<Pod>(cluster, ns);
        Assert.All(pods, p => Assert.Equal("busybox:1.36", p.Spec.Containers[0].Image));
        var sets = await ListAsync<ReplicaSet>(cluster, ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal([0, 2], sets.Select(rs => rs.Spec!.Replicas ?? 0).Order());
        Assert.Equal("2", (await GetDeploymentAsync(cluster, ns, "api")).Metadata.Annotations![DeploymentAnnotations.Revision]);

        await cluster.Api.DeleteAsync("deployments", ns, "api");
        await AdvanceUntilAsync(cluster, async () => (await ListAsync<ReplicaSet>(cluster, ns)).Count == 0 && (await ListAsync<Pod>(cluster, ns)).Count == 0, "its ReplicaSets and pods are gone");
    }

    [Fact]
    public async Task ReplicaSet_PodDeletedByHand_IsReplaced()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "replace");
        var d = Deployment(ns, "cache", 2);
        var rs = new ReplicaSet { Metadata = new ObjectMeta { Name = "cache", Namespace = ns }, Spec = new ReplicaSetSpec { Replicas = 2, Selector = d.Spec!.Selector, Template = d.Spec.Template } };
        await cluster.Api.ApplyAsync([rs], ApplyMode.Apply);
        await AdvanceUntilAsync(cluster, async () => (await ListAsync<Pod>(cluster, ns)).Count(p => p.Status?.Phase == PodPhase.Running) == 2, "2 pods run");
        var victim = (await ListAsync<Pod>(cluster, ns))[0].Metadata.Name!;

        await cluster.Api.DeleteAsync("pods", ns, victim);

        await AdvanceUntilAsync(
            cluster,
            async () => await ListAsync<Pod>(cluster, ns) is { Count: 2 } pods && pods.All(p => p.Metadata.Name != victim && p.Status?.Phase == PodPhase.Running),
            "a replacement runs");
        var events = await ListAsync<Event>(cluster, ns);
        Assert.Equal(3, events.Count(e => e.Reason == "SuccessfulCreate" && e.Source?.Component == "replicaset-controller"));
    }
}
