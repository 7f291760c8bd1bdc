using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

// The list-then-watch extensions (Watch<T, TList>) are marked obsolete in 21.0.8 but are the form that reports a
// watch's 410 (the generated WatchList*Async swallow ERROR events): what an informer on this client has to use.
#pragma warning disable CS0618

namespace OrleansKube.ClusterTests;

/// <summary>
/// The official C# client (KubernetesClient) against a test silo's API: create, read, list, patch and delete of every
/// kind the model has, a watch, and an informer's recovery from 410 (relist, watch again). Watch events cross HTTP to
/// the client, so the test waits for them on the wall clock; simulated time still moves only by its steps.
/// </summary>
public sealed class KubernetesClientTests(ApiClusterFixture cluster) : IClassFixture<ApiClusterFixture>, IDisposable
{
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = cluster.SiloServices.GetRequiredService<KubeApiServer>().Address!.ToString() });

    public void Dispose() => _client.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static V1ObjectMeta Meta(string name, string? ns) => new() { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["test"] = "client" } };

    private static V1PodTemplateSpec Template(string app, string restartPolicy = "Always") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } } }] },
    };

    private static V1PersistentVolumeClaim Claim(string name, string? ns) => new()
    {
        Metadata = ns is null ? new V1ObjectMeta { Name = name } : Meta(name, ns),
        Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
    };

    private static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    /// <summary>Create, read, list (with a label selector), merge-patch a label, delete: one kind, through the generic client.</summary>
    private async Task RoundTripAsync<T, TList>(string group, string version, string plural, T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject, IItems<T>
    {
        using var generic = new GenericClient(_client, group, version, plural, disposeClient: false);
        var ns = obj.Metadata.NamespaceProperty;
        var name = obj.Metadata.Name;
        var what = $"{plural} {ns}/{name}";

        var created = ns is null ? await generic.CreateAsync(obj, Cancel) : await generic.CreateNamespacedAsync(obj, ns, Cancel);
        var read = ns is null ? await generic.ReadAsync<T>(name, Cancel) : await generic.ReadNamespacedAsync<T>(ns, name, Cancel);
        var list = ns is null ? await generic.ListAsync<TList>("test=client", null, null, null, Cancel) : await generic.ListNamespacedAsync<TList>(ns, "test=client", null, null, null, Cancel);
        var patch = new V1Patch("""{"metadata":{"labels":{"patched":"yes"}}}""", V1Patch.PatchType.MergePatch);
        var patched = ns is null ? await generic.PatchAsync<T>(patch, name, Cancel) : await generic.PatchNamespacedAsync<T>(patch, ns, name, Cancel);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid), what);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Contains(list.Items, i => i.Metadata.Name == name);
        Assert.Equal("yes", patched.Metadata.Labels["patched"]);
        Assert.True(long.Parse(patched.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), what);

        // Pods and namespaces answer a delete with the object, every other kind with a Status.
        if (typeof(T) == typeof(V1Pod) || typeof(T) == typeof(V1Namespace))
        {
            var deleted = ns is null ? await generic.DeleteAsync<T>(name, Cancel) : await generic.DeleteNamespacedAsync<T>(ns, name, Cancel);
            Assert.Equal(created.Metadata.Uid, deleted.Metadata.Uid);
        }
        else
        {
            var status = ns is null ? await generic.DeleteAsync<V1Status>(name, Cancel) : await generic.DeleteNamespacedAsync<V1Status>(ns, name, Cancel);
            Assert.Equal("Success", status.Status);
            var gone = await Assert.ThrowsAsync<HttpOperationException>(() => ns is null ? generic.ReadAsync<T>(name, Cancel) : generic.ReadNamespacedAsync<T>(ns, name, Cancel));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
        }
    }

    [Fact]
    public async Task EveryKind_IsCreatedReadListedPatchedAndDeleted()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "client");
        string Name(string kind) => cluster.UniqueName(kind);

        await RoundTripAsync<V1Namespace, V1NamespaceList>("", "v1", "namespaces", new V1Namespace { Metadata = Meta(Name("ns"), null) });
        await RoundTripAsync<V1Node, V1NodeList>("", "v1", "nodes", new V1Node { Metadata = Meta(Name("node"), null) });
        await RoundTripAsync<V1Pod, V1PodList>("", "v1", "pods", new V1Pod { Metadata = Meta(Name("pod"), ns), Spec = Template("p").Spec });
        await RoundTripAsync<V1ConfigMap, V1ConfigMapList>("", "v1", "configmaps", new V1ConfigMap { Metadata = Meta(Name("cm"), ns), Data = new Dictionary<string, string> { ["k"] = "v" } });
        await RoundTripAsync<V1Secret, V1SecretList>("", "v1", "secrets", new V1Secret { Metadata = Meta(Name("secret"), ns), StringData = new Dictionary<string, string> { ["k"] = "v" } });
        await RoundTripAsync<V1Service, V1ServiceList>("", "v1", "services", new V1Service { Metadata = Meta(Name("svc"), ns), Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "x" }, Ports = [new V1ServicePort { Port = 80 }] } });
        await RoundTripAsync<V1Endpoints, V1EndpointsList>("", "v1", "endpoints", new V1Endpoints { Metadata = Meta(Name("ep"), ns) });
        await RoundTripAsync<Corev1Event, Corev1EventList>("", "v1", "events", new Corev1Event { Metadata = Meta(Name("ev"), ns), InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "x", NamespaceProperty = ns }, Reason = "Tested", Message = "by the C# client", Type = "Normal" });
        await RoundTripAsync<V1Lease, V1LeaseList>("coordination.k8s.io", "v1", "leases", new V1Lease { Metadata = Meta(Name("lease"), ns), Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15 } });
        await RoundTripAsync<V1ReplicaSet, V1ReplicaSetList>("apps", "v1", "replicasets", new V1ReplicaSet { Metadata = Meta(Name("rs"), ns), Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = Selector("rs"), Template = Template("rs") } });
        await RoundTripAsync<V1Deployment, V1DeploymentList>("apps", "v1", "deployments", new V1Deployment { Metadata = Meta(Name("deploy"), ns), Spec = new V1DeploymentSpec { Replicas = 0, Selector = Selector("d"), Template = Template("d") } });
        await RoundTripAsync<V1DaemonSet, V1DaemonSetList>("apps", "v1", "daemonsets", new V1DaemonSet { Metadata = Meta(Name("ds"), ns), Spec = new V1DaemonSetSpec { Selector = Selector("ds"), Template = Template("ds") } });
        await RoundTripAsync<V1StatefulSet, V1StatefulSetList>("apps", "v1", "statefulsets", new V1StatefulSet
        {
            Metadata = Meta(Name("sts"), ns),
            Spec = new V1StatefulSetSpec { Replicas = 0, ServiceName = "sts", Selector = Selector("sts"), Template = Template("sts"), VolumeClaimTemplates = [Claim("data", null)] },
        });
        await RoundTripAsync<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>("", "v1", "persistentvolumeclaims", Claim(Name("pvc"), ns));
        await RoundTripAsync<V1Job, V1JobList>("batch", "v1", "jobs", new V1Job { Metadata = Meta(Name("job"), ns), Spec = new V1JobSpec { Suspend = true, Template = Template("j", "Never") } });
        await RoundTripAsync<V1CronJob, V1CronJobList>("batch", "v1", "cronjobs", new V1CronJob { Metadata = Meta(Name("cj"), ns), Spec = new V1CronJobSpec { Schedule = "*/5 * * * *", JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template("cj", "Never") } } } });
        await RoundTripAsync<V1PriorityClass, V1PriorityClassList>("scheduling.k8s.io", "v1", "priorityclasses", new V1PriorityClass { Metadata = Meta(Name("pc"), null), Value = 1000 });
        await RoundTripAsync<V1PodDisruptionBudget, V1PodDisruptionBudgetList>("policy", "v1", "poddisruptionbudgets", new V1PodDisruptionBudget { Metadata = Meta(Name("pdb"), ns), Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = "25%", Selector = Selector("pdb"), UnhealthyPodEvictionPolicy = "AlwaysAllow" } });
    }

    [Fact]
    public async Task Watch_DeliversAddedModifiedAndDeleted_ForAPodsLife()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "watch");
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Cancel);
        var events = new List<(WatchEventType Type, string Name, string Rv, string? Phase)>();
        var response = _client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, watch: true, resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: Cancel);
        using var watcher = response.Watch<V1Pod, V1PodList>((type, pod) =>
        {
            lock (events)
            {
                events.Add((type, pod.Metadata.Name, pod.Metadata.ResourceVersion, pod.Status?.Phase));
            }
        });
        List<(WatchEventType Type, string Name, string Rv, string? Phase)> Seen()
        {
            lock (events)
            {
                return [.. events];
            }
        }

        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "watched")], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, "watched")).Status?.Phase == PodPhase.Running, "the pod runs");
        await _client.CoreV1.DeleteNamespacedPodAsync("watched", ns, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Cancel);
        await RealTime.UntilAsync(() => Task.FromResult(Seen().Any(e => e.Type == WatchEventType.Deleted)), () => $"the watch delivered the deletion; it delivered: {string.Join(", ", Seen())}");

        var seen = Seen().Where(e => e.Type != WatchEventType.Bookmark).ToList();
        Assert.Equal(WatchEventType.Added, seen[0].Type);
        Assert.Equal(WatchEventType.Deleted, seen[^1].Type);
        Assert.Contains(seen, e => e.Type == WatchEventType.Modified && e.Phase == "Running");
        var versions = seen.Select(e => long.Parse(e.Rv, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions); // in resourceVersion order, each once
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task WatchFromAnExpiredResourceVersion_Gets410_AndARelistThenWatchRecovers()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "expired");
        var old = (await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Cancel)).Metadata.ResourceVersion;
        for (var i = 0; i < 3; i++)
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Meta($"cm-{i}", ns) }, ns, cancellationToken: Cancel);
        }

        // Past the watch cache's window (5 simulated minutes): the changes after the old resourceVersion are gone from it.
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Meta("after", ns) }, ns, cancellationToken: Cancel);

        // Upstream allows both forms of 410: an HTTP 410 answer (the refusal came before the stream began) or an ERROR
        // event in a 200 stream. The client surfaces the first as HttpOperationException, the second through onError.
        Exception? failure = null;
        var closed = false;
        try
        {
            var response = await _client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: old, cancellationToken: Cancel);
            using var expired = response.Watch<V1ConfigMap, V1ConfigMapList>((_, _) => { }, e => failure = e, () => closed = true);
            await RealTime.UntilAsync(() => Task.FromResult(failure is not null || closed), "the expired watch ended");
        }
        catch (HttpOperationException e)
        {
            failure = e;
        }

        // The informer's way out: relist (its resourceVersion is now), watch from there.
        var relist = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Cancel);
        var added = new List<string>();
        using var fresh = _client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, watch: true, resourceVersion: relist.Metadata.ResourceVersion, cancellationToken: Cancel)
            .Watch<V1ConfigMap, V1ConfigMapList>((type, cm) =>
            {
                lock (added)
                {
                    added.Add($"{type} {cm.Metadata.Name}");
                }
            });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Meta("relisted", ns) }, ns, cancellationToken: Cancel);
        await RealTime.UntilAsync(() => Task.FromResult(added.Contains("Added relisted")), () => $"the new watch delivered the create; it delivered: {string.Join(", ", added)}");

        var (code, reason) = failure switch
        {
            KubernetesException watchError => (watchError.Status.Code, watchError.Status.Reason),
            HttpOperationException http => ((int?)http.Response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(http.Response.Content)?["reason"]?.GetValue<string>()),
            _ => (null, $"no 410: {failure}"),
        };
        Assert.Equal((410, "Expired"), (code, reason));
        Assert.Equal(["after", "cm-0", "cm-1", "cm-2"], relist.Items.Select(i => i.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Added relisted"], added);
    }
}
