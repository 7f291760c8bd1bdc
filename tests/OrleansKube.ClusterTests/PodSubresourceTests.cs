using OrleansKube.Control.Store;

namespace OrleansKube.ClusterTests;

/// <summary>The pod subresources a Kubernetes client uses: binding (a custom scheduler) and log.</summary>
public sealed class PodSubresourceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private async Task<string> CreateCustomScheduledPodAsync(string name)
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "bind");
        var pod = Helpers.Pod(ns, name);
        pod.Spec.SchedulerName = "my-scheduler";
        await cluster.Api.ApplyAsync([pod], ApplyMode.Apply);
        return ns;
    }

    [Fact]
    public async Task BindAsync_PodOfACustomScheduler_IsAssignedRecordedAndRun()
    {
        var ns = await CreateCustomScheduledPodAsync("custom");
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Null((await Helpers.SettledPodAsync(cluster, ns, "custom", p => p.Status?.Phase is null or PodPhase.Pending)).Spec.NodeName);

        await cluster.Api.BindAsync(ns, "custom", "small-3");

        var bound = await Helpers.SettledPodAsync(cluster, ns, "custom", p => p.Status?.PodIP is not null);
        Assert.Equal("small-3", bound.Spec.NodeName);
        Assert.Contains(bound.Status!.Conditions!, c => c is { Type: "PodScheduled", Status: ConditionStatus.True });
        var events = await Helpers.SettledEventsAsync(cluster, ns, "custom", events => events.Any(e => e.Reason == "Scheduled"));
        var scheduled = events.Single(e => e.Reason == "Scheduled");
        Assert.Equal(($"Successfully assigned {ns}/custom to small-3", "my-scheduler"), (scheduled.Message, scheduled.Source?.Component));
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, "custom", p => p.Status?.Phase == PodPhase.Running);
    }

    public sealed record BindRefusal(string Sentence, string Pod, string Node, ApiErrorReason Reason, string Message)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<BindRefusal> BindRefusals() =>
    [
        new BindRefusal("a pod already assigned is a conflict naming its node", "taken", "small-2", ApiErrorReason.Conflict, "pod taken is already assigned to node \"small-3\""),
        new BindRefusal("a missing pod is not found", "nobody", "small-2", ApiErrorReason.NotFound, "pods \"nobody\" not found"),
        new BindRefusal("a missing node is not found", "taken", "no-such-node", ApiErrorReason.NotFound, "nodes \"no-such-node\" not found"),
    ];

    [Theory]
    [MemberData(nameof(BindRefusals))]
    public async Task BindAsync_Refused_AsUpstream(BindRefusal c)
    {
        var ns = await CreateCustomScheduledPodAsync("taken");
        if (c.Node != "no-such-node")
        {
            await cluster.Api.BindAsync(ns, "taken", "small-3");
        }

        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.BindAsync(ns, c.Pod, c.Node));

        Assert.Equal((c.Reason, c.Message), (refused.Reason, refused.Message));
    }

    [Fact]
    public async Task GetLogAsync_RunningPod_TellsItsLifeOnTheSimulationClock()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "logs");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "web", nodeName: "small-3")], ApplyMode.Apply);
        await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Status?.PodIP is not null);

        var waiting = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.GetLogAsync(ns, "web"));
        Assert.Equal((ApiErrorReason.BadRequest, "container \"app\" in pod \"web\" is waiting to start: ContainerCreating"), (waiting.Reason, waiting.Message));

        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        var running = await Helpers.SettledPodAsync(cluster, ns, "web", p => p.Status?.Phase == PodPhase.Running);
        var log = await cluster.Api.GetLogAsync(ns, "web", timestamps: true);

        var startedAt = running.Status!.ContainerStatuses![0].State!.Running!.StartedAt!.Value;
        Assert.Contains($"{Control.Kubelet.PodLogs.Timestamp(startedAt)} image nginx:1.27 pulled, container created\n", log);
        Assert.Equal("started\n", await cluster.Api.GetLogAsync(ns, "web", "app", tailLines: 1));
        var unknown = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.GetLogAsync(ns, "web", "sidecar"));
        Assert.Equal((ApiErrorReason.BadRequest, "container sidecar is not valid for pod web"), (unknown.Reason, unknown.Message));
    }
}
