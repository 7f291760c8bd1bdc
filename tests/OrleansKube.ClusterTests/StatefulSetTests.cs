using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Workloads.StatefulSets;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Manifests.Profiles;
using OrleansKube.Manifests.Reading;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Resources;
using OrleansKube.Model.Serialization;

namespace OrleansKube.ClusterTests;

/// <summary>Three nodes on a cluster of their own: these tests fail a node and let simulated minutes pass.</summary>
public sealed class StatefulSetFixture : ClusterFixture
{
    protected override ClusterProfile ClusterProfile { get; } = new()
    {
        Name = "stateful",
        Pools =
        [
            new NodePool { Name = "worker", Count = 3, Images = Helpers.PrePulledImages, Capacity = new() { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("20") } },
        ],
    };
}

public sealed class StatefulSetTests(StatefulSetFixture cluster) : IClassFixture<StatefulSetFixture>
{
    private IKubeReader Reader => cluster.SiloServices.GetRequiredService<IKubeReader>();

    private static StatefulSet StatefulSet(string ns, string name, int replicas, long? gracePeriod = 0) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = gracePeriod,
                    Containers = [new Container { Name = "db", Image = "nginx:1.27", VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data" }] }],

                    // Evicted from an unreachable node after 10 s instead of 300 s.
                    Tolerations = [new Toleration { Key = "node.kubernetes.io/unreachable", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute, TolerationSeconds = 10 }],
                },
            },
            VolumeClaimTemplates =
            [
                new PersistentVolumeClaim
                {
                    Metadata = new ObjectMeta { Name = "data" },
                    Spec = new PersistentVolumeClaimSpec { AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce], Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("1Gi") } } },
                },
            ],
        },
    };

    private async Task<StatefulSet> GetAsync(string ns, string name) => (StatefulSet)(await cluster.Api.GetAsync("StatefulSet", ns, name))!;

    private static bool Ready(Pod pod) => pod.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: ConditionStatus.True }) == true;

    [Fact]
    public async Task OrderedReady_ScalesUpInOrderEachAfterTheOneBeforeIsReady_AndDownInReverseOrderOneAtATime()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "ordered");

        // Every pod change as the watch delivers it, in the store's order.
        var events = new ConcurrentQueue<(WatchEventType Type, string Name, bool Ready, bool Deleting)>();
        var allGone = new TaskCompletionSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var list = await Reader.ListAsync(new ListRequest("Pod", ns), TestContext.Current.CancellationToken);
        var watching = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var e in Reader.WatchAsync(new WatchRequest("Pod", ns, ResourceVersion: list.ResourceVersion), stop.Token))
            {
                if (e.Object is Pod pod)
                {
                    events.Enqueue((e.Type, pod.Metadata.Name!, Ready(pod), pod.Metadata.DeletionTimestamp is not null));
                    seen += e.Type == WatchEventType.Deleted ? 1 : 0;
                    if (seen == 3)
                    {
                        allGone.TrySetResult();
                    }
                }
            }
        }, stop.Token);

        await cluster.Api.ApplyAsync([StatefulSet(ns, "db", 3)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "db")).Status?.ReadyReplicas == 3, "3 replicas are ready");

        var claims = await WorkloadTests.ListAsync<PersistentVolumeClaim>(cluster, ns);
        Assert.Equal(["data-db-0", "data-db-1", "data-db-2"], claims.Select(c => c.Metadata.Name!).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal((PersistentVolumeClaimPhase.Bound, "db", "standard", $"pvc-{c.Metadata.Uid}"), (c.Status?.Phase, c.Metadata.Labels?["app"], c.Spec?.StorageClassName, c.Spec?.VolumeName)));
        var get = await Helpers.OkctlAsync(cluster, "get", "sts", "-n", ns);
        Assert.Matches(@"^NAME +READY +AGE\ndb +3/3 +\d+s\n$", get.Out);
        Assert.Matches(@"^NAME +READY +AGE +CONTAINERS +IMAGES\ndb +3/3 +\d+s +db +nginx:1\.27\n$", (await Helpers.OkctlAsync(cluster, "get", "sts", "-o", "wide", "-n", ns)).Out);
        Assert.Equal("partitioned roll out complete: 3 new pods have been updated...\n", (await Helpers.OkctlAsync(cluster, "rollout", "status", "statefulset/db", "-n", ns)).Out);
        var pvcs = await Helpers.OkctlAsync(cluster, "get", "pvc", "-n", ns);
        Assert.Matches(@"^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE\ndata-db-0 +Bound +pvc-[0-9a-f-]+ +1Gi +RWO +standard +<unset> +\d+s\n", pvcs.Out);

        var scale = await Helpers.OkctlAsync(cluster, "scale", "statefulset", "db", "--replicas=0", "-n", ns);
        Assert.Equal("statefulset.apps/db scaled\n", scale.Out);
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count == 0, "every pod is gone");
        await allGone.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // real time: the watch's delivery
        await stop.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException)
        {
            // the watch ends either way
        }

        var log = events.ToList();
        int IndexOf(Func<(WatchEventType Type, string Name, bool Ready, bool Deleting), bool> match) => log.FindIndex(e => match(e));
        var added = log.Where(e => e.Type == WatchEventType.Added).Select(e => e.Name).ToList();
        var readyAt = added.Select(name => IndexOf(e => e.Name == name && e.Ready)).ToList();
        Assert.Equal(["db-0", "db-1", "db-2"], added);
        for (var i = 1; i < 3; i++)
        {
            var addedAt = IndexOf(e => e.Type == WatchEventType.Added && e.Name == added[i]);
            Assert.True(readyAt[i - 1] >= 0 && readyAt[i - 1] < addedAt, $"{added[i]} was created after {added[i - 1]} was ready");
        }

        Assert.Equal(["db-2", "db-1", "db-0"], log.Where(e => e.Type == WatchEventType.Deleted).Select(e => e.Name));
        for (var i = 2; i > 0; i--)
        {
            var goneAt = IndexOf(e => e.Type == WatchEventType.Deleted && e.Name == $"db-{i}");
            var nextDeletingAt = IndexOf(e => e.Name == $"db-{i - 1}" && (e.Deleting || e.Type == WatchEventType.Deleted));
            Assert.True(goneAt < nextDeletingAt, $"db-{i - 1} was deleted after db-{i} was gone");
        }

        // The claims stay (whenScaled: Retain), the same objects.
        Assert.Equal(claims.Select(c => c.Metadata.Uid).Order(), (await WorkloadTests.ListAsync<PersistentVolumeClaim>(cluster, ns)).Select(c => c.Metadata.Uid).Order());
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task NodeFailure_PodsOfTheSetComeBackElsewhereWithTheirNamesAndTheSameClaims()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "failover");

        // A grace period, so an evicted pod waits for its kubelet (a pod without one is removed at once).
        await cluster.Api.ApplyAsync([StatefulSet(ns, "db", 3, gracePeriod: 30)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "db")).Status?.ReadyReplicas == 3, "3 replicas are ready");
        var before = (await WorkloadTests.ListAsync<Pod>(cluster, ns)).ToDictionary(p => p.Metadata.Name!);
        var claimsBefore = (await WorkloadTests.ListAsync<PersistentVolumeClaim>(cluster, ns)).ToDictionary(c => c.Metadata.Name!, c => c.Metadata.Uid);
        var failed = before["db-1"].Spec.NodeName!;
        var lost = before.Values.Where(p => p.Spec.NodeName == failed).Select(p => p.Metadata.Name!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "sim", "node", "fail", failed)).Exit);
        try
        {
            // NotReady after at most 55 s, its pods evicted 10 s after the taint; the kubelet is down, so they stay Terminating.
            await cluster.AdvanceUntilAsync(
                async () => (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count(p => lost.Contains(p.Metadata.Name!) && p.Metadata.DeletionTimestamp is not null) == lost.Count,
                "the failed node's pods are evicted", TimeSpan.FromMinutes(3));
            Assert.Equal(before["db-1"].Metadata.Uid, (await Helpers.GetPodAsync(cluster, ns, "db-1")).Metadata.Uid); // not made again while the old one may run

            // As upstream's documentation says for a StatefulSet's pod on an unreachable node: force-deleted by the operator.
            foreach (var name in lost)
            {
                Assert.Equal(0, (await Helpers.OkctlAsync(cluster, "delete", "pod", name, "-n", ns, "--force", "--grace-period=0")).Exit);
            }

            await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "db")).Status?.ReadyReplicas == 3
                && (await WorkloadTests.ListAsync<Pod>(cluster, ns)).All(p => p.Spec.NodeName != failed && Ready(p)), "the set's pods run again on the other nodes");
        }
        finally
        {
            await Helpers.OkctlAsync(cluster, "sim", "node", "recover", failed);
        }

        var after = (await WorkloadTests.ListAsync<Pod>(cluster, ns)).ToDictionary(p => p.Metadata.Name!);
        Assert.Equal(["db-0", "db-1", "db-2"], after.Keys.Order(StringComparer.Ordinal));
        foreach (var name in lost)
        {
            Assert.NotEqual(before[name].Metadata.Uid, after[name].Metadata.Uid);
        }

        foreach (var (name, pod) in after)
        {
            var claim = Assert.Single(pod.Spec.Volumes!, v => v.Name == "data").PersistentVolumeClaim!.ClaimName;
            Assert.Equal($"data-{name}", claim);
            Assert.Equal((name, "db"), (pod.Spec.Hostname, pod.Spec.Subdomain));
            Assert.Equal(name, pod.Metadata.Labels![StatefulPods.PodNameLabel]);
        }

        Assert.Equal(claimsBefore, (await WorkloadTests.ListAsync<PersistentVolumeClaim>(cluster, ns)).ToDictionary(c => c.Metadata.Name!, c => c.Metadata.Uid));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    // Every field of both kinds as a user may write them.
    private const string Manifests = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: shared
          labels: {app: web}
        spec:
          accessModes: [ReadWriteOnce, ReadOnlyMany]
          resources:
            requests: {storage: 5Gi}
            limits: {storage: 10Gi}
          storageClassName: fast
          volumeMode: Block
          volumeName: pv-shared
          selector:
            matchLabels: {tier: storage}
          dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap-1}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          serviceName: web
          podManagementPolicy: Parallel
          updateStrategy:
            type: RollingUpdate
            rollingUpdate: {partition: 1, maxUnavailable: 2}
          revisionHistoryLimit: 5
          minReadySeconds: 3
          persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
          ordinals: {start: 3}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                - {name: www, mountPath: /usr/share/nginx/html}
                - {name: shared, mountPath: /shared, readOnly: true}
              volumes:
              - name: shared
                persistentVolumeClaim: {claimName: shared, readOnly: true}
          volumeClaimTemplates:
          - metadata:
              name: www
              labels: {tier: storage}
              annotations: {note: kept}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: standard
              resources:
                requests: {storage: 1Gi}
        """;

    [Fact]
    public async Task Manifests_ApplyAndGet_KeepEveryFieldAsWritten_AddingOnlyUpstreamsDefaultsAndStatus()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "roundtrip");
        var documents = ManifestReader.ReadText(Manifests, "stateful.yaml");
        var written = documents.Select(d => d.Object).ToList();
        written.ForEach(o => o.Metadata.Namespace = ns);

        // The manifests as written, before the reader's defaults: YAML's own tree, every scalar a string.
        var writtenJson = Manifests.Split("\n---\n").Select(text => ToJson(new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(text))).ToList();

        await cluster.Api.ApplyAsync(written, ApplyMode.Apply);

        var claim = (await cluster.Api.GetAsync("PersistentVolumeClaim", ns, "shared"))!;
        var set = (await cluster.Api.GetAsync("StatefulSet", ns, "web"))!;
        Assert.Equal(["status", "status.phase"], Added(writtenJson[0], JsonNode.Parse(KubeJson.Serialize(claim))!, "").Where(p => !p.StartsWith("metadata", StringComparison.Ordinal)));
        Assert.Equal(PersistentVolumeClaimPhase.Pending, ((PersistentVolumeClaim)claim).Status!.Phase);
        Assert.Equal(
            [
                "spec.template.spec.containers[0].imagePullPolicy", "spec.template.spec.restartPolicy", "spec.template.spec.schedulerName", "spec.template.spec.terminationGracePeriodSeconds",
                "spec.volumeClaimTemplates[0].apiVersion", "spec.volumeClaimTemplates[0].kind", "spec.volumeClaimTemplates[0].spec.volumeMode",
                "spec.volumeClaimTemplates[0].status", "spec.volumeClaimTemplates[0].status.phase",
            ],
            Added(writtenJson[1], JsonNode.Parse(KubeJson.Serialize(set))!, "").Where(p => !p.StartsWith("metadata", StringComparison.Ordinal) && !p.StartsWith("status", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var template = ((StatefulSet)set).Spec!.VolumeClaimTemplates![0];
        Assert.Equal(("v1", "PersistentVolumeClaim", PersistentVolumeMode.Filesystem, PersistentVolumeClaimPhase.Pending), (template.ApiVersion, template.Kind, template.Spec!.VolumeMode, template.Status!.Phase));

        // The claim names its volume: once an administrator makes it, the claim binds and the set's pods can be scheduled.
        await cluster.Api.ApplyAsync([new PersistentVolume
        {
            ApiVersion = "v1",
            Kind = "PersistentVolume",
            Metadata = new ObjectMeta { Name = "pv-shared" },
            Spec = new PersistentVolumeSpec
            {
                Capacity = new() { ["storage"] = Quantity.Parse("5Gi") },
                AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce, PersistentVolumeAccessMode.ReadOnlyMany],
                StorageClassName = "fast",
                VolumeMode = PersistentVolumeMode.Block,
                HostPath = new HostPathVolumeSource { Path = "/srv/shared" },
            },
        }], ApplyMode.Apply);

        // The set's pods (ordinals from 3) get the claim template's claim and keep the template's own claim volume.
        await cluster.AdvanceUntilAsync(async () => (await GetAsync(ns, "web")).Status?.ReadyReplicas == 2, "2 replicas are ready");
        var pod = await Helpers.GetPodAsync(cluster, ns, "web-3");
        Assert.Equal([("www", "www-web-3", (bool?)null), ("shared", "shared", true)], pod.Spec.Volumes!.Select(v => (v.Name, v.PersistentVolumeClaim!.ClaimName, v.PersistentVolumeClaim.ReadOnly)));
        Assert.NotNull(await cluster.Api.GetAsync("PersistentVolumeClaim", ns, "www-web-4"));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    private static JsonNode ToJson(object? yaml) => yaml switch
    {
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString()!, (JsonNode?)ToJson(p.Value)))),
        IList<object> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(yaml?.ToString() ?? ""),
    };

    /// <summary>The paths the stored object has that the written one had not; everything written must be stored as written.</summary>
    private static List<string> Added(JsonNode written, JsonNode stored, string path)
    {
        var added = new List<string>();
        switch (written)
        {
            case JsonObject w:
                var s = Assert.IsType<JsonObject>(stored);
                foreach (var (key, value) in s)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (w[key] is { } writtenValue)
                    {
                        added.AddRange(Added(writtenValue, value!, child));
                    }
                    else
                    {
                        added.Add(child);
                        if (value is JsonObject nested)
                        {
                            added.AddRange(nested.Select(p => $"{child}.{p.Key}"));
                        }
                    }
                }

                Assert.All(w, p => Assert.True(s.ContainsKey(p.Key), $"{path}.{p.Key} is kept"));
                break;
            case JsonArray w:
                var a = Assert.IsType<JsonArray>(stored);
                Assert.Equal(w.Count, a.Count);
                for (var i = 0; i < w.Count; i++)
                {
                    added.AddRange(Added(w[i]!, a[i]!, $"{path}[{i}]"));
                }

                break;
            default:
                var text = stored is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : stored.ToJsonString();
                Assert.True(written.GetValue<string>() == text, $"{path}: {written.ToJsonString()} stored as {stored.ToJsonString()}");
                break;
        }

        return added;
    }
}
