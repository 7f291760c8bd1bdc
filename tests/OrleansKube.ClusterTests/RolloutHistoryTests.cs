using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Model.Apps;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The real kubectl's rollout history and undo of StatefulSets and DaemonSets, which read the ControllerRevisions their
/// controllers keep and patch the set with one's data. A cluster of its own: a DaemonSet's pods go to every node.
/// </summary>
public sealed class RolloutHistoryTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private readonly Kubectl _kubectl = new(cluster);

    public void Dispose() => _kubectl.Dispose();

    private IKubeReader Reader => cluster.SiloServices.GetRequiredService<IKubeReader>();

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = cluster.UniqueName(prefix);
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        return ns;
    }

    private async Task DeleteNamespaceAsync(string ns)
    {
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Namespace", null, ns) is null, $"namespace {ns} is gone");
    }

    private static string StatefulSetYaml(string ns, int replicas) => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          serviceName: web
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              terminationGracePeriodSeconds: 0
              containers:
              - name: web
                image: nginx:1.27
        """;

    private async Task RolledOutAsync(string ns, string image, int replicas = 2) => await cluster.AdvanceUntilAsync(
        async () => await cluster.Api.GetAsync("StatefulSet", ns, "web") is StatefulSet { Status: { } status } set
            && status.ObservedGeneration >= set.Metadata.Generation && status.ReadyReplicas == replicas && status.UpdatedReplicas == replicas
            && status.CurrentRevision == status.UpdateRevision && set.Spec!.Template!.Spec!.Containers[0].Image == image,
        $"the statefulset rolled out {image}");

    [Fact]
    public async Task StatefulSet_SetImageHistoryAndUndo_ListRevisionsPrintTheTemplateAndRollBackInOrder()
    {
        var ns = await NamespaceAsync("sts-history");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], StatefulSetYaml(ns, 2));
        await RolledOutAsync(ns, "nginx:1.27");

        Assert.Equal("statefulset.apps/web image updated\n", await _kubectl.OkAsync("set", "image", "statefulset/web", "web=nginx:1.28", "-n", ns));
        await RolledOutAsync(ns, "nginx:1.28");

        Assert.Matches(@"^statefulset\.apps/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n\n$", await _kubectl.OkAsync("rollout", "history", "statefulset/web", "-n", ns));
        var first = await _kubectl.OkAsync("rollout", "history", "statefulset/web", "--revision=1", "-n", ns);
        Assert.Matches(@"^statefulset\.apps/web with revision #1\nPod Template:\n\s+Labels:\s+app=web\n", first);
        Assert.Matches(@"(?m)^\s+Image:\s+nginx:1\.27$", first);
        Assert.Matches(
            @"^NAME\s+CONTROLLER\s+REVISION\s+AGE\nweb-[bcdfghjklmnpqrstvwxz2456789]+\s+statefulset\.apps/web\s+1\s+\d+s\nweb-[bcdfghjklmnpqrstvwxz2456789]+\s+statefulset\.apps/web\s+2\s+\d+s\n$",
            await _kubectl.OkAsync("get", "controllerrevisions", "-n", ns, "--sort-by=.revision"));
        var set = (StatefulSet)(await cluster.Api.GetAsync("StatefulSet", ns, "web"))!;
        var pods = (await cluster.Api.ListAsync(new ListQuery("pods", ns))).Cast<Pod>().ToList();
        Assert.All(pods, p => Assert.Equal(set.Status!.UpdateRevision, p.Metadata.Labels!["controller-revision-hash"]));

        // The undo's pod changes as the watch delivers them: the highest ordinal goes first, the next once it is back.
        var deleted = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var list = await Reader.ListAsync(new ListRequest("Pod", ns), TestContext.Current.CancellationToken);
        var watching = Task.Run(async () =>
        {
            await foreach (var e in Reader.WatchAsync(new WatchRequest("Pod", ns, ResourceVersion: list.ResourceVersion), stop.Token))
            {
                if (e.Type == WatchEventType.Deleted && e.Object is Pod pod)
                {
                    deleted.Enqueue(pod.Metadata.Name!);
                }
            }
        }, stop.Token);

        Assert.Equal("statefulset.apps/web rolled back\n", await _kubectl.OkAsync("rollout", "undo", "statefulset/web", "-n", ns));
        await RolledOutAsync(ns, "nginx:1.27");
        await cluster.AdvanceUntilAsync(() => Task.FromResult(deleted.Count >= 2), "both pods were replaced");
        await stop.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException)
        {
            // the watch ends either way
        }

        Assert.Equal(["web-1", "web-0"], deleted.Take(2));
        Assert.All((await cluster.Api.ListAsync(new ListQuery("pods", ns))).Cast<Pod>(), p => Assert.Equal("nginx:1.27", p.Spec.Containers[0].Image));

        // The first revision came back under its name with the next number.
        Assert.Matches(@"^statefulset\.apps/web \nREVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n\n$", await _kubectl.OkAsync("rollout", "history", "statefulset/web", "-n", ns));
        Assert.Matches(@"(?m)^\s+Image:\s+nginx:1\.27$", await _kubectl.OkAsync("rollout", "history", "statefulset/web", "--revision=3", "-n", ns));

        // kubectl compares the revision's data with the patch it makes of the set, byte for byte, as upstream's controller writes it.
        Assert.Equal("statefulset.apps/web skipped rollback (current template already matches revision 3)\n", await _kubectl.OkAsync("rollout", "undo", "statefulset/web", "--to-revision=3", "-n", ns));
        await DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task StatefulSet_ControllerLost_ComesBackWithItsHistoryFromTheStore()
    {
        var ns = await NamespaceAsync("sts-lost");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], StatefulSetYaml(ns, 1));
        await RolledOutAsync(ns, "nginx:1.27", 1);
        await _kubectl.OkAsync("set", "image", "statefulset/web", "web=nginx:1.28", "-n", ns);
        await RolledOutAsync(ns, "nginx:1.28", 1);
        var before = (await cluster.Api.ListAsync(new ListQuery("controllerrevisions", ns))).Cast<ControllerRevision>().ToDictionary(r => r.Revision, r => r.Metadata.Name);

        // Its activation goes, as with its silo; the controller-manager's resync starts it again, with nothing in memory.
        var controller = cluster.Client.GetGrain<IStatefulSetControllerGrain>(ObjectKey.For(Kinds.StatefulSet, ns, "web").ToString());
        await controller.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await Grains.Workloads.ControllerGrains.ResyncAsync(cluster.Client);
        Assert.Equal("statefulset.apps/web rolled back\n", await _kubectl.OkAsync("rollout", "undo", "statefulset/web", "-n", ns));
        await RolledOutAsync(ns, "nginx:1.27", 1);

        // The stored first revision is taken back with the next number: the new activation read the history.
        var after = (await cluster.Api.ListAsync(new ListQuery("controllerrevisions", ns))).Cast<ControllerRevision>().ToDictionary(r => r.Revision, r => r.Metadata.Name);
        Assert.Equal(new Dictionary<long, string?> { [2] = before[2], [3] = before[1] }, after);

        // The set controls them: the garbage collector takes them with it.
        Assert.Equal("statefulset.apps \"web\" deleted\n", await _kubectl.OkAsync("delete", "statefulset", "web", "-n", ns, "--wait=false"));
        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.ListAsync(new ListQuery("controllerrevisions", ns))).Count == 0, "the set's revisions are gone");
        await DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task DaemonSet_SetImageHistoryAndUndo_ListRevisionsPrintTheTemplateAndRollBack()
    {
        var ns = await NamespaceAsync("ds-history");
        await _kubectl.OkWithInputAsync(["apply", "-f", "-"], $$"""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: {{ns}}}
            spec:
              selector:
                matchLabels: {app: agent}
              template:
                metadata:
                  labels: {app: agent}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: agent
                    image: busybox:1.36
                    resources:
                      requests: {cpu: 10m, memory: 16Mi}
            """);
        async Task RolledOutAsync(string image) => await cluster.AdvanceUntilAsync(
            async () => await cluster.Api.GetAsync("DaemonSet", ns, "agent") is DaemonSet { Status: { } status } ds
                && status.ObservedGeneration >= ds.Metadata.Generation && status.DesiredNumberScheduled > 0 && status.UpdatedNumberScheduled == status.DesiredNumberScheduled
                && status.NumberAvailable == status.DesiredNumberScheduled && ds.Spec!.Template!.Spec!.Containers[0].Image == image
                && (await cluster.Api.ListAsync(new ListQuery("pods", ns))).Count == status.DesiredNumberScheduled,
            $"the daemonset rolled out {image}");
        await RolledOutAsync("busybox:1.36");

        Assert.Equal("daemonset.apps/agent image updated\n", await _kubectl.OkAsync("set", "image", "daemonset/agent", "agent=busybox:1.37", "-n", ns));
        await RolledOutAsync("busybox:1.37");

        Assert.Matches(@"^daemonset\.apps/agent \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n\n$", await _kubectl.OkAsync("rollout", "history", "daemonset/agent", "-n", ns));
        var second = await _kubectl.OkAsync("rollout", "history", "daemonset/agent", "--revision=2", "-n", ns);
        Assert.Matches(@"^daemonset\.apps/agent with revision #2\nPod Template:\n", second);
        Assert.Matches(@"(?m)^\s+Image:\s+busybox:1\.37$", second);

        // One revision per template, not per node; the pods carry its hash.
        var revisions = (await cluster.Api.ListAsync(new ListQuery("controllerrevisions", ns))).Cast<ControllerRevision>().ToList();
        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision).Order());
        var current = revisions.Single(r => r.Revision == 2).Metadata.Labels!["controller-revision-hash"];
        Assert.All((await cluster.Api.ListAsync(new ListQuery("pods", ns))).Cast<Pod>(), p => Assert.Equal(current, p.Metadata.Labels!["controller-revision-hash"]));

        Assert.Equal("daemonset.apps/agent rolled back\n", await _kubectl.OkAsync("rollout", "undo", "daemonset/agent", "-n", ns));
        await RolledOutAsync("busybox:1.36");
        Assert.Matches(@"^daemonset\.apps/agent \nREVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n\n$", await _kubectl.OkAsync("rollout", "history", "daemonset/agent", "-n", ns));
        Assert.Equal("daemonset.apps/agent skipped rollback (current template already matches revision 3)\n", (await _kubectl.RunAsync("rollout", "undo", "daemonset/agent", "--to-revision=3", "-n", ns)).Out);
        await DeleteNamespaceAsync(ns);
    }
}
