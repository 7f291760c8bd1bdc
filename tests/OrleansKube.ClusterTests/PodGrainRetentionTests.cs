namespace OrleansKube.ClusterTests;

/// <summary>A deleted pod's grain holds nothing: late messages about the pod must not keep an activation alive.</summary>
public sealed class PodGrainRetentionTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    /// <summary>
    /// Waits (real time) until the pod's grain has no activation: deactivation is Orleans' own work after the grain's
    /// turn, outside the simulation clock and the quiescence barrier, so it is a genuine wall-clock wait.
    /// </summary>
    private async Task NoActivationAsync(string ns, string name, string what)
    {
        await cluster.SettleAsync();
        await RealTime.UntilAsync(async () => await ActivationsAsync(ns, name) == 0, what);
    }

    private async Task<int> ActivationsAsync(string ns, string name) =>
        await cluster.Client.GetGrain<IManagementGrain>(0).GetGrainActivationCount(
            (GrainReference)cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, name).ToString()));

    [Fact]
    public async Task DeletePod_AgainAfterItIsGone_LeavesNoActivation()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "gone");
        var pod = cluster.UniqueName("web");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, pod)], ApplyMode.Create);
        await cluster.AdvanceUntilAsync(async () => (await Helpers.GetPodAsync(cluster, ns, pod)).Status?.Phase == PodPhase.Running, $"pod {ns}/{pod} runs");
        await cluster.Api.DeleteAsync("Pod", ns, pod);
        // Listed, not read: a read of a gone pod would itself wake its grain.
        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.ListAsync(new ListQuery("Pod", ns))).Count == 0, $"pod {ns}/{pod} is gone");
        await NoActivationAsync(ns, pod, "the deleted pod's grain has deactivated");

        // A second deletion, as a controller and the garbage collector may both send.
        await Assert.ThrowsAsync<ApiException>(() => cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, pod).ToString()).DeleteAsync());

        await NoActivationAsync(ns, pod, "the grain woken by the second deletion has deactivated");
    }

    [Fact]
    public async Task ReportStatus_ForAPodThatIsGone_LeavesNoActivation()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "late");
        var pod = cluster.UniqueName("web");

        await cluster.Client.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, pod).ToString())
            .ReportStatusAsync(new Orleans.Concurrency.Immutable<PodStatus>(new PodStatus { Phase = PodPhase.Succeeded }), 1, 1);

        await NoActivationAsync(ns, pod, "the grain woken by a late report has deactivated");
    }
}
