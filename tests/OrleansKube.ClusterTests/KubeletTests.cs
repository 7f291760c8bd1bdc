using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Abstractions.Watching;

namespace OrleansKube.ClusterTests;

/// <summary>The simulated kubelet end to end: workload annotations, crash loops and graceful deletion, seen through okctl.</summary>
public sealed class KubeletTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private Task<(int Exit, string Out, string Err)> OkctlAsync(params string[] args) => Helpers.OkctlAsync(cluster, args);

    private async Task<string> PodRowAsync(string ns, string name)
    {
        var get = await OkctlAsync("get", "pods", "-n", ns);
        return get.Out.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
    }

    private async Task<string> ApplyPinnedAsync(string prefix, string name, Dictionary<string, string> annotations)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, prefix);
        var node = await Helpers.CreateNodeAsync(cluster, prefix, cpu: "2");
        var pod = Helpers.Pod(ns, name, nodeName: node);
        pod.Metadata.Annotations = annotations;
        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        return ns;
    }

    [Fact]
    public async Task CrashingPod_ShowsCrashLoopBackOff_WithGrowingRestarts()
    {
        var ns = await ApplyPinnedAsync("crash", "crasher", new()
        {
            ["sim.orleanskube.io/start-seconds"] = "0",
            ["sim.orleanskube.io/run-seconds"] = "1",
            ["sim.orleanskube.io/exit-code"] = "1",
        });
        await Helpers.SettledPodAsync(cluster, ns, "crasher", p => p.Status?.Phase == PodPhase.Running);

        // Exits after 1 s and restarts at once; exits again and backs off 10 s.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Helpers.SettledPodAsync(cluster, ns, "crasher", p => p.Status!.ContainerStatuses![0].RestartCount == 1);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Helpers.SettledPodAsync(cluster, ns, "crasher", p => p.Status!.ContainerStatuses![0].State!.Waiting?.Reason == "CrashLoopBackOff");
        Assert.Matches(@"^crasher\s+0/1\s+CrashLoopBackOff\s+1 \(\d+s ago\)\s+\S+$", await PodRowAsync(ns, "crasher"));

        // After the 10 s back-off it runs again, exits, and now waits 20 s.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        await Helpers.SettledPodAsync(cluster, ns, "crasher", p => p.Status!.ContainerStatuses![0].RestartCount == 2);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        var pod = await Helpers.SettledPodAsync(cluster, ns, "crasher", p => p.Status!.ContainerStatuses![0].State!.Waiting?.Reason == "CrashLoopBackOff");
        Assert.StartsWith("back-off 20s restarting failed container=app", pod.Status!.ContainerStatuses![0].State!.Waiting!.Message, StringComparison.Ordinal);
        Assert.Matches(@"^crasher\s+0/1\s+CrashLoopBackOff\s+2 \(\d+s ago\)\s+\S+$", await PodRowAsync(ns, "crasher"));

        var events = await Helpers.SettledEventsAsync(cluster, ns, "crasher", e => e.Any(x => x.Reason == "BackOff"));
        Assert.Contains(events, e => e is { Type: "Warning", Reason: "BackOff" } && e.Message!.StartsWith("Back-off restarting failed container app in pod crasher_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PodPastItsActiveDeadline_IsFailedWithDeadlineExceeded_AsTheKubeletDoes()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "deadline");
        var node = await Helpers.CreateNodeAsync(cluster, "deadline", cpu: "2");
        var pod = Helpers.Pod(ns, "bounded", nodeName: node);
        pod.Spec.ActiveDeadlineSeconds = 30;
        pod.Metadata.Annotations = new() { ["sim.orleanskube.io/start-seconds"] = "0" };
        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "bounded", p => p.Status?.Phase == PodPhase.Running);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));

        var failed = await Helpers.SettledPodAsync(cluster, ns, "bounded", p => p.Status?.Phase == PodPhase.Failed);
        Assert.Equal(("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"), (failed.Status!.Reason, failed.Status.Message));
        Assert.Equal(0, failed.Status.ContainerStatuses![0].State!.Terminated!.ExitCode); // stopped by SIGTERM, within its grace period
        await Helpers.SettledEventsAsync(cluster, ns, "bounded", events => events.Any(e => e.Reason == "DeadlineExceeded" && e.Source?.Component == "kubelet"));
    }

    [Fact]
    public async Task PodNamingAMissingConfigMapAndSecret_WaitsAsUpstream_AndStartsOnceTheyExist()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "configref");
        var node = await Helpers.CreateNodeAsync(cluster, "configref", cpu: "2");
        var env = Helpers.Pod(ns, "env", nodeName: node);
        env.Metadata.Annotations = new() { ["sim.orleanskube.io/start-seconds"] = "0" };
        env.Spec.Containers[0].EnvFrom = [new EnvFromSource { ConfigMapRef = new ConfigMapEnvSource { Name = "settings" } }];
        var mounted = Helpers.Pod(ns, "mounted", nodeName: node);
        mounted.Metadata.Annotations = new() { ["sim.orleanskube.io/start-seconds"] = "0" };
        mounted.Spec.Volumes = [new Volume { Name = "tls", Secret = new SecretVolumeSource { SecretName = "cert" } }];
        await cluster.Api.ApplyAsync([env, mounted], ApplyMode.Apply);

        await Helpers.SettledPodAsync(cluster, ns, "env", p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "CreateContainerConfigError");
        Assert.Matches(@"^env\s+0/1\s+CreateContainerConfigError\s+0\s+\S+$", await PodRowAsync(ns, "env"));
        Assert.Matches(@"^mounted\s+0/1\s+ContainerCreating\s+0\s+\S+$", await PodRowAsync(ns, "mounted"));
        await Helpers.SettledEventsAsync(cluster, ns, "env", e => e.Any(x => x is { Type: "Warning", Reason: "Failed", Message: "Error: configmap \"settings\" not found" }));
        await Helpers.SettledEventsAsync(cluster, ns, "mounted", e => e.Any(x => x is { Type: "Warning", Reason: "FailedMount", Message: "MountVolume.SetUp failed for volume \"tls\" : secret \"cert\" not found" }));

        // Created: the next sync (10 s) starts the container; the volume mounts at its next retry (its back-off is short yet).
        await cluster.Api.ApplyAsync(
            [
                new ConfigMap { Metadata = new ObjectMeta { Name = "settings", Namespace = ns }, Data = new() { ["MODE"] = "fast" } },
                new Secret { Metadata = new ObjectMeta { Name = "cert", Namespace = ns }, Data = new() { ["tls.crt"] = "c"u8.ToArray() } },
            ],
            ApplyMode.Apply);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));

        await Helpers.SettledPodAsync(cluster, ns, "env", p => p.Status?.Phase == PodPhase.Running);
        await Helpers.SettledPodAsync(cluster, ns, "mounted", p => p.Status?.Phase == PodPhase.Running);
    }

    [Fact]
    public async Task PodNamingItsNode_WhoseHostPortIsTaken_IsRejectedAsNodePorts()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "hostport");
        var node = await Helpers.CreateNodeAsync(cluster, "hostport", cpu: "2");
        Pod WithHostPort(string name)
        {
            var pod = Helpers.Pod(ns, name, nodeName: node);
            pod.Spec.Containers[0].Ports = [new ContainerPort { Port = 8080, HostPort = 80 }];
            return pod;
        }

        await cluster.Api.ApplyAsync([WithHostPort("first")], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "first", p => p.Status?.HostIP is not null);
        await cluster.Api.ApplyAsync([WithHostPort("second")], ApplyMode.Apply);

        var rejected = await Helpers.SettledPodAsync(cluster, ns, "second", p => p.Status?.Phase == PodPhase.Failed);
        Assert.Equal(("NodePorts", "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports"), (rejected.Status!.Reason, rejected.Status.Message));
        Assert.NotEqual(PodPhase.Failed, (await Helpers.GetPodAsync(cluster, ns, "first")).Status!.Phase);
    }

    [Fact]
    public async Task DeletedPod_IsTerminating_UntilItsContainersStop_WithinTheGracePeriod()
    {
        var ns = await ApplyPinnedAsync("graceful", "slow-stop", new()
        {
            ["sim.orleanskube.io/start-seconds"] = "0",
            ["sim.orleanskube.io/stop-seconds"] = "20",
        });
        await Helpers.SettledPodAsync(cluster, ns, "slow-stop", p => p.Status?.Phase == PodPhase.Running);

        var delete = await OkctlAsync("delete", "pod", "slow-stop", "-n", ns, "--wait=false");

        Assert.Equal(0, delete.Exit);
        Assert.Equal("pod \"slow-stop\" deleted\n", delete.Out);
        var terminating = await Helpers.GetPodAsync(cluster, ns, "slow-stop");
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.Matches(@"^slow-stop\s+1/1\s+Terminating\s+0\s+\S+$", await PodRowAsync(ns, "slow-stop"));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(19));
        Assert.NotNull(await cluster.Api.GetAsync("Pod", ns, "slow-stop"));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "slow-stop") is null, () => "the pod is gone once its container stopped");
    }

    [Fact]
    public async Task DeleteWithShortGracePeriod_KillsTheContainerWhenItRunsOut()
    {
        var ns = await ApplyPinnedAsync("killed", "stubborn", new()
        {
            ["sim.orleanskube.io/start-seconds"] = "0",
            ["sim.orleanskube.io/stop-seconds"] = "600",
        });
        await Helpers.SettledPodAsync(cluster, ns, "stubborn", p => p.Status?.Phase == PodPhase.Running);

        await OkctlAsync("delete", "pod", "stubborn", "-n", ns, "--grace-period=5", "--wait=false");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.NotNull(await cluster.Api.GetAsync("Pod", ns, "stubborn"));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        await cluster.HoldsAsync(async () => await cluster.Api.GetAsync("Pod", ns, "stubborn") is null, () => "the pod is gone when its grace period ran out");
    }

    [Fact]
    public async Task ForceDelete_RemovesAtOnce_AndWarns()
    {
        var ns = await ApplyPinnedAsync("force", "forced", new() { ["sim.orleanskube.io/stop-seconds"] = "600" });
        await Helpers.SettledPodAsync(cluster, ns, "forced", p => p.Status?.PodIP is not null);

        var delete = await OkctlAsync("delete", "pod", "forced", "-n", ns, "--force", "--grace-period=0");

        Assert.Equal("pod \"forced\" force deleted\n", delete.Out);
        Assert.StartsWith("Warning: Immediate deletion does not wait for confirmation", delete.Err, StringComparison.Ordinal);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "forced"));
    }

    [Fact]
    public async Task BadWorkloadAnnotation_IsRejectedNamingTheAnnotation()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "badsim");
        var pod = Helpers.Pod(ns, "bad");
        pod.Metadata.Annotations = new() { ["sim.orleanskube.io/run-seconds"] = "soon" };

        var error = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync([pod], ApplyMode.Apply));

        Assert.Contains("metadata.annotations[sim.orleanskube.io/run-seconds]: Invalid value: \"soon\": must be a non-negative number of seconds", error.Message);
        Assert.Null(await cluster.Api.GetAsync("Pod", ns, "bad"));
    }

    [Fact]
    public async Task MissingImage_IsPulledAtTheProfilesBandwidth_ThenCachedOnTheNode()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "pull");
        var node = await Helpers.CreateNodeAsync(cluster, "pull", cpu: "2");
        Pod WithRedis(string name)
        {
            var pod = Helpers.Pod(ns, name, nodeName: node);
            pod.Spec.Containers[0].Image = "redis:7";
            pod.Metadata.Annotations = new() { ["sim.orleanskube.io/start-seconds"] = "0" };
            return pod;
        }

        await cluster.Api.ApplyAsync([WithRedis("first")], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "first", p => p.Status?.PodIP is not null);

        // 100Mi at 100Mi/s (the profile's defaults): one second of pulling.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(0.9));
        Assert.Equal("ContainerCreating", (await Helpers.GetPodAsync(cluster, ns, "first")).Status!.ContainerStatuses![0].State!.Waiting?.Reason);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(0.1));
        await Helpers.SettledPodAsync(cluster, ns, "first", p => p.Status?.Phase == PodPhase.Running);
        var events = await Helpers.SettledEventsAsync(cluster, ns, "first", e => e.Any(x => x.Reason == "Pulled"));
        Assert.Contains(events, e => e is { Reason: "Pulling", Message: "Pulling image \"redis:7\"" });
        Assert.Contains(events, e => e is { Reason: "Pulled", Message: "Successfully pulled image \"redis:7\" in 1s (1s including waiting). Image size: 104857600 bytes." });
        await cluster.HoldsAsync(
            async () => ((Node)(await cluster.Api.GetAsync("Node", null, node))!).Status!.Images!.Any(i => i.Names!.Contains("redis:7")),
            () => "the pulled image is listed in node status");

        await cluster.Api.ApplyAsync([WithRedis("second")], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "second", p => p.Status?.Phase == PodPhase.Running);
        var cached = await Helpers.SettledEventsAsync(cluster, ns, "second", e => e.Any(x => x.Reason == "Pulled"));
        Assert.Contains(cached, e => e is { Reason: "Pulled", Message: "Container image \"redis:7\" already present on machine" });
    }

    [Fact]
    public async Task PodThatStartsAtOnce_IsReportedOnce_RunningWithItsIpAndReady()
    {
        var reader = cluster.SiloServices.GetRequiredService<IKubeReader>();
        var ns = await Helpers.CreateNamespaceAsync(cluster, "at-once");
        var node = await Helpers.CreateNodeAsync(cluster, "at-once", cpu: "2");
        var list = await reader.ListAsync(new ListRequest("Pod", ns), TestContext.Current.CancellationToken);
        await using var watch = reader.WatchAsync(new WatchRequest("Pod", ns, ResourceVersion: list.ResourceVersion), TestContext.Current.CancellationToken)
            .GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var pod = Helpers.Pod(ns, "quick", nodeName: node);
        pod.Metadata.Annotations = new() { ["sim.orleanskube.io/start-seconds"] = "0" };

        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "quick", p => p.Status?.Phase == PodPhase.Running);
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "marker")], ApplyMode.Apply); // a later write ends what the watch must show of the first

        // The kubelet reports what changed in one sync once: created and started at the same instant is one status write.
        var seen = new List<(WatchEventType Type, Pod Pod)>();
        while (seen.Count == 0 || seen[^1].Pod.Metadata.Name != "marker")
        {
            // Real time: a watch's events reach its reader on the network's time, not the simulation's.
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), $"the watch ended after {seen.Count} events");
            seen.Add((watch.Current.Type, (Pod)watch.Current.Object!));
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified], seen.SkipLast(1).Select(e => e.Type));
        var reported = seen[1].Pod.Status!;
        Assert.Equal(PodPhase.Running, reported.Phase);
        Assert.False(string.IsNullOrEmpty(reported.PodIP));
        Assert.Contains(reported.Conditions!, c => c is { Type: "Ready", Status: ConditionStatus.True });
        var events = await Helpers.SettledEventsAsync(cluster, ns, "quick", e => e.Any(x => x.Reason == "Started"));
        Assert.Equal(["Created", "Pulled", "Started"], events.Where(e => e.Source?.Component == "kubelet").Select(e => e.Reason!).Order(StringComparer.Ordinal));
    }
}
