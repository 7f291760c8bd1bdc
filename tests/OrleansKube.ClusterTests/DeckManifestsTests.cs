using OrleansKube.Manifests.Reading;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Batch;
using OrleansKube.Model.Resources;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The training decks' manifests (<c>examples/decks/</c>, see its README) applied to a simulated cluster, each checked
/// against what its deck says happens on a real one. Files without a namespace go into a namespace of their own per
/// test (the decks reuse names: nginx, kuard, testweb).
/// </summary>
public sealed class DeckManifestsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly string DecksDir = Path.Combine(AppContext.BaseDirectory, "examples", "decks");

    public sealed record PodCase(string File, string Pod, PodQosClass Qos)
    {
        public override string ToString() => File;
    }

    public static TheoryData<PodCase> RunningPods() =>
    [
        new PodCase("001-pod-nginx.yaml", "nginx", PodQosClass.BestEffort),
        new PodCase("001-pod-nginx-scheduler-name.yaml", "nginx", PodQosClass.BestEffort),
        new PodCase("002-pod-nginx.yaml", "nginx", PodQosClass.BestEffort),
        new PodCase("002-pod-hello-world.yaml", "hello-world", PodQosClass.BestEffort),
        new PodCase("002-pod-blogsite.yaml", "blogsite", PodQosClass.Burstable),
        new PodCase("002-pod-long-running.yaml", "long-running", PodQosClass.BestEffort),
        new PodCase("004-pod-kuard.yaml", "kuard", PodQosClass.BestEffort),
        new PodCase("004-pod-kuard-health.yaml", "kuard", PodQosClass.BestEffort),
        new PodCase("004-pod-kuard-resreq.yaml", "kuard", PodQosClass.Burstable),
        new PodCase("004-pod-kuard-reslim.yaml", "kuard", PodQosClass.Burstable),
        new PodCase("004-pod-kuard-vol.yaml", "kuard", PodQosClass.BestEffort),
    ];

    // Every file another test below applies; with RunningPods, the whole folder (checked by EveryDeckFile_IsApplied).
    private static readonly string[] AppliedElsewhere =
    [
        "000-pod-nginx-my-scheduler.yaml", "000-configmap-example-config.yaml", "000-configmap-special-config.yaml", "000-pod-dapi-test-pod.yaml",
        "001-pod-nginx-node-name.yaml", "001-daemonset-monitoring-daemon.yaml", "001-replicaset-monitoring-daemon.yaml",
        "001-pod-kube-scheduler.yaml", "001-pod-my-custom-scheduler.yaml", "002-deployment-apache-hook.yaml",
        "002-service-testweb.yaml", "002-service-testweb-np.yaml", "002-service-testweb-nodeport.yaml",
        "004-service-queue.yaml", "004-service-my-internal-service.yaml",
        "004-job-oneshot.yaml", "004-job-parallel.yaml", "004-job-consumers.yaml", "004-pod-kuard-config.yaml", "004-pod-kuard-tls.yaml",
    ];

    /// <summary>Reads a deck file as kubectl would (strict, defaulted, validated), into <paramref name="ns"/> where it names no namespace.</summary>
    private static List<KubeObject> Read(string file, string ns)
    {
        var objects = ManifestReader.ReadPath(Path.Combine(DecksDir, file)).Select(d => d.Object).ToList();
        foreach (var obj in objects.Where(o => Kinds.Of(o).Namespaced && string.IsNullOrEmpty(o.Metadata.Namespace)))
        {
            obj.Metadata.Namespace = ns;
        }

        return objects;
    }

    private async Task<List<KubeObject>> ApplyAsync(string file, string ns, Action<KubeObject>? change = null)
    {
        var objects = Read(file, ns);
        foreach (var obj in objects)
        {
            change?.Invoke(obj);
        }

        await cluster.Api.ApplyAsync(objects, ApplyMode.Apply);
        return objects;
    }

    private async Task<Pod> RunningAsync(string ns, string name)
    {
        Pod? pod = null;
        await cluster.AdvanceUntilAsync(async () => (pod = (Pod?)await cluster.Api.GetAsync("Pod", ns, name))?.Status?.Phase == PodPhase.Running, $"pod {ns}/{name} is Running");
        return pod!;
    }

    private async Task<T> GetAsync<T>(string ns, string name)
        where T : KubeObject => (T)(await cluster.Api.GetAsync(typeof(T).Name, ns, name) ?? throw new InvalidOperationException($"{typeof(T).Name} {ns}/{name} not found"));

    [Fact]
    public void EveryDeckFile_IsApplied()
    {
        var files = Directory.EnumerateFiles(DecksDir, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var tested = RunningPods().Select(c => c.Data.File).Concat(AppliedElsewhere).Order(StringComparer.Ordinal);

        Assert.Equal(files, tested);
    }

    [Theory]
    [MemberData(nameof(RunningPods))]
    public async Task Pod_FromDeck_RunsWithItsQosClass_AndKeepsRunning(PodCase c)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-pod");
        await ApplyAsync(c.File, ns);

        var pod = await RunningAsync(ns, c.Pod);
        Assert.Equal(c.Qos, pod.Status!.QosClass);
        Assert.NotNull(pod.Spec.NodeName);
        Assert.Equal("default-scheduler", pod.Spec.SchedulerName);

        // A minute on (kuard's liveness probe passes every 10 s): still Running, nothing restarted.
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(1));
        pod = await Helpers.GetPodAsync(cluster, ns, c.Pod);
        Assert.Equal(PodPhase.Running, pod.Status!.Phase);
        Assert.All(pod.Status.ContainerStatuses!, s => Assert.Equal((0, true), (s.RestartCount, s.Ready)));

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task CustomSchedulerPod_StaysPendingUnbound_UntilABindingPlacesIt()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-sched");
        await ApplyAsync("000-pod-nginx-my-scheduler.yaml", ns);

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(1));
        var pending = await Helpers.GetPodAsync(cluster, ns, "nginx");
        Assert.Equal((PodPhase.Pending, null), (pending.Status!.Phase, pending.Spec.NodeName));

        // What the deck's bash scheduler does: POST a Binding to a node.
        var node = (await cluster.Api.ListAsync(new ListQuery("Node", null)))[0].Metadata.Name!;
        await cluster.Api.BindAsync(ns, "nginx", node);
        var running = await RunningAsync(ns, "nginx");
        Assert.Equal(node, running.Spec.NodeName);
        await Helpers.SettledEventsAsync(cluster, ns, "nginx", events => events.Any(e => e.Reason == "Scheduled" && e.Source?.Component == "my-scheduler"));

        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task ConfigMaps_AreStored_AndThePodReadingOneRuns()
    {
        // The deck's ConfigMaps name the default namespace, so the pod that reads one runs there too.
        await ApplyAsync("000-configmap-example-config.yaml", "default");
        await ApplyAsync("000-configmap-special-config.yaml", "default");
        await ApplyAsync("000-pod-dapi-test-pod.yaml", "default");

        var example = await GetAsync<ConfigMap>("default", "example-config");
        Assert.Equal(["example.property.1", "example.property.2", "example.property.file"], example.Data!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("property.1=value-1\nproperty.2=value-2\nproperty.3=value-3", example.Data["example.property.file"]);
        Assert.NotEqual(2016, example.Metadata.CreationTimestamp!.Value.Year); // the server's own, not the manifest's
        Assert.Equal("very", (await GetAsync<ConfigMap>("default", "special-config")).Data!["special.how"]);
        await RunningAsync("default", "dapi-test-pod");

        await cluster.Api.DeleteAsync("pods", "default", "dapi-test-pod", gracePeriodSeconds: 0);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", "default", "dapi-test-pod") is null, "dapi-test-pod is gone");
    }

    [Fact]
    public async Task NodeNamePod_RunsOnNode02_WithoutTheScheduler()
    {
        // The deck's cluster has a node02; register one as its kubelet would.
        await cluster.Api.ApplyAsync(
        [
            new Node
            {
                Metadata = new ObjectMeta { Name = "node02" },
                Status = new NodeStatus { Capacity = new() { ["cpu"] = Quantity.Parse("2"), ["memory"] = Quantity.Parse("4Gi"), ["pods"] = Quantity.Parse("10") } },
            },
        ], ApplyMode.Apply);
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-nodename");
        await ApplyAsync("001-pod-nginx-node-name.yaml", ns);

        var pod = await RunningAsync(ns, "nginx");

        Assert.Equal("node02", pod.Spec.NodeName);
        Assert.DoesNotContain(await Helpers.EventsForAsync(cluster, ns, "nginx"), e => e.Reason == "Scheduled");
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task SchedulerPods_RunInKubeSystem()
    {
        await ApplyAsync("001-pod-kube-scheduler.yaml", "unused");
        await ApplyAsync("001-pod-my-custom-scheduler.yaml", "unused");

        await RunningAsync("kube-system", "kube-scheduler");
        await RunningAsync("kube-system", "my-custom-scheduler");

        foreach (var name in new[] { "kube-scheduler", "my-custom-scheduler" })
        {
            await cluster.Api.DeleteAsync("pods", "kube-system", name, gracePeriodSeconds: 0);
        }

        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("Pod", "kube-system", "kube-scheduler") is null && await cluster.Api.GetAsync("Pod", "kube-system", "my-custom-scheduler") is null, "the scheduler pods are gone");
    }

    [Fact]
    public async Task MonitoringDaemon_AsDaemonSetRunsOnEveryNode_AsReplicaSetOnce()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-ds");
        var rsNs = await Helpers.CreateNamespaceAsync(cluster, "deck-rs");
        await ApplyAsync("001-daemonset-monitoring-daemon.yaml", ns);
        await ApplyAsync("001-replicaset-monitoring-daemon.yaml", rsNs);
        var nodes = (await cluster.Api.ListAsync(new ListQuery("Node", null))).Select(n => n.Metadata.Name!).ToHashSet();

        await cluster.AdvanceUntilAsync(async () => (await GetAsync<DaemonSet>(ns, "monitoring-daemon")).Status?.NumberReady == nodes.Count, "a ready monitoring-agent on every node");
        await cluster.AdvanceUntilAsync(async () => (await GetAsync<ReplicaSet>(rsNs, "monitoring-daemon")).Status?.ReadyReplicas == 1, "the ReplicaSet's one replica is ready");

        var daemons = await WorkloadTests.ListAsync<Pod>(cluster, ns);
        Assert.Equal(nodes.Order(StringComparer.Ordinal), daemons.Select(p => p.Spec.NodeName!).Order(StringComparer.Ordinal));
        Assert.All(daemons, p => Assert.Equal(PodPhase.Running, p.Status!.Phase));
        Assert.Single(await WorkloadTests.ListAsync<Pod>(cluster, rsNs));
        await WorkloadTests.CleanUpAsync(cluster, ns);
        await WorkloadTests.CleanUpAsync(cluster, rsNs);
    }

    [Fact]
    public async Task ApacheHookDeployment_RunsItsThreeReplicas()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-hook");
        await ApplyAsync("002-deployment-apache-hook.yaml", ns);

        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.GetDeploymentAsync(cluster, ns, "apache-hook")).Status?.AvailableReplicas == 3, "3 apache-hook replicas are available");

        Assert.All(await WorkloadTests.ListAsync<Pod>(cluster, ns), p => Assert.Equal(PodPhase.Running, p.Status!.Phase));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task Services_GetClusterIpsAndNodePorts_AndTheQueueServiceItsPod()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-svc");
        var npNs = await Helpers.CreateNamespaceAsync(cluster, "deck-svc-np");
        await ApplyAsync("002-service-testweb.yaml", ns);
        await ApplyAsync("002-service-testweb-np.yaml", npNs);
        await ApplyAsync("004-service-my-internal-service.yaml", ns);
        await ApplyAsync("004-service-queue.yaml", ns);

        var testweb = await GetAsync<Service>(ns, "testweb");
        Assert.StartsWith("10.9", testweb.Spec!.ClusterIP, StringComparison.Ordinal);
        Assert.Equal(("ClientIP", 600), (testweb.Spec.SessionAffinity, testweb.Spec.SessionAffinityConfig!.ClientIP!.TimeoutSeconds));
        var nodePort = await GetAsync<Service>(npNs, "testweb-np");
        Assert.InRange(nodePort.Spec!.Ports![0].NodePort!.Value, 30000, 32767);
        Assert.Equal(80, nodePort.Spec.Ports[0].TargetPort?.IntValue);
        Assert.StartsWith("10.9", (await GetAsync<Service>(ns, "my-internal-service")).Spec!.ClusterIP, StringComparison.Ordinal);

        // The deck's rs-queue.yaml (extensions/v1beta1, gone) ran the work-queue pod: a pod with its labels stands in.
        var queuePod = Helpers.Pod(ns, "queue-pod", labels: new() { ["app"] = "work-queue", ["component"] = "queue", ["item"] = "jobs" });
        await cluster.Api.ApplyAsync([queuePod], ApplyMode.Apply);
        var running = await RunningAsync(ns, "queue-pod");
        await cluster.AdvanceUntilAsync(
            async () => (await cluster.Api.GetAsync("Endpoints", ns, "queue") as Endpoints)?.Subsets is [{ Addresses: [{ } address] }] && address.Ip == running.Status!.PodIP,
            "the queue Service's endpoints hold the work-queue pod");
        Assert.Null((await cluster.Api.GetAsync("Endpoints", ns, "testweb") as Endpoints)?.Subsets);
        await WorkloadTests.CleanUpAsync(cluster, ns);
        await WorkloadTests.CleanUpAsync(cluster, npNs);
    }

    [Fact]
    public void CapitalisedClientIp_IsRefusedByStrictDecoding_AsUpstream()
    {
        var refused = Assert.Throws<ManifestException>(() => Read("002-service-testweb-nodeport.yaml", "default"));

        Assert.Contains("unknown field \"spec.sessionAffinityConfig.ClientIP\"", Assert.Single(refused.Errors), StringComparison.Ordinal);
    }

    public sealed record JobCase(string File, string Job, int Succeeded, int MaxActive)
    {
        public override string ToString() => File;
    }

    public static TheoryData<JobCase> Jobs() =>
    [
        new JobCase("004-job-oneshot.yaml", "oneshot", 1, 1),
        new JobCase("004-job-parallel.yaml", "parallel", 10, 5),
        new JobCase("004-job-consumers.yaml", "consumers", 5, 5),
    ];

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Job_FromDeck_Completes(JobCase c)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-job");
        // kuard exits once it has made its keys; the simulation is told how long that takes.
        await ApplyAsync(c.File, ns, o => ((Job)o).Spec!.Template!.Metadata!.Annotations = new() { [WorkloadBehaviour.RunSecondsKey] = "10" });

        var maxActive = 0;
        Job? job = null;
        await cluster.AdvanceUntilAsync(
            async () =>
            {
                job = await GetAsync<Job>(ns, c.Job);
                maxActive = Math.Max(maxActive, job.Status?.Active ?? 0);
                return job.Status?.Conditions?.Any(k => k.Type == "Complete" && k.Status == ConditionStatus.True) == true;
            },
            $"job {c.Job} completes");

        Assert.Equal(c.Succeeded, job!.Status!.Succeeded);
        Assert.Equal(c.MaxActive, maxActive);
        Assert.Equal(c.Succeeded, (await WorkloadTests.ListAsync<Pod>(cluster, ns)).Count(p => p.Status?.Phase == PodPhase.Succeeded));
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task KuardConfigPod_WaitsForMyConfig_ThenRuns()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-config");
        await ApplyAsync("004-pod-kuard-config.yaml", ns);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PodPhase.Pending, (await Helpers.GetPodAsync(cluster, ns, "kuard-config")).Status!.Phase);
        await Helpers.SettledEventsAsync(cluster, ns, "kuard-config", events => events.Any(e => e.Reason == "FailedMount" && e.Message!.Contains("configmap \"my-config\" not found", StringComparison.Ordinal)));

        // kubectl create configmap my-config --from-file=my-config.txt --from-literal=extra-param=extra-value --from-literal=another-param=another-value
        await cluster.Api.ApplyAsync(
        [
            new ConfigMap
            {
                Metadata = new ObjectMeta { Name = "my-config", Namespace = ns },
                Data = new()
                {
                    ["my-config.txt"] = "This is a sample config file that I might use to configure an application\nparameter1 = value1\nparameter2 = value2\n",
                    ["extra-param"] = "extra-value",
                    ["another-param"] = "another-value",
                },
            },
        ], ApplyMode.Apply);
        await RunningAsync(ns, "kuard-config");
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }

    [Fact]
    public async Task KuardTlsPod_WaitsForItsSecret_ThenRuns()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deck-tls");
        await ApplyAsync("004-pod-kuard-tls.yaml", ns);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PodPhase.Pending, (await Helpers.GetPodAsync(cluster, ns, "kuard-tls")).Status!.Phase);
        await Helpers.SettledEventsAsync(cluster, ns, "kuard-tls", events => events.Any(e => e.Reason == "FailedMount" && e.Message!.Contains("secret \"kuard-tls\" not found", StringComparison.Ordinal)));

        // kubectl create secret generic kuard-tls --from-file=kuard.crt --from-file=kuard.key
        await cluster.Api.ApplyAsync(
        [
            new Secret
            {
                Metadata = new ObjectMeta { Name = "kuard-tls", Namespace = ns },
                Data = new() { ["kuard.crt"] = "-----BEGIN CERTIFICATE-----\n"u8.ToArray(), ["kuard.key"] = "-----BEGIN PRIVATE KEY-----\n"u8.ToArray() },
            },
        ], ApplyMode.Apply);
        await RunningAsync(ns, "kuard-tls");
        await WorkloadTests.CleanUpAsync(cluster, ns);
    }
}
