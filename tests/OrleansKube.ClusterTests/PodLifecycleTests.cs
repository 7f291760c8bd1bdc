namespace OrleansKube.ClusterTests;

[Collection(ClusterCollection.Name)]
public sealed class PodLifecycleTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Apply_PodWithoutNodeName_IsScheduledAndRunsAfterTheStartDelay()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "lifecycle");
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "web", cpu: "500m")], ApplyMode.Apply);

        var accepted = await Helpers.WaitForPodAsync(cluster, ns, "web", p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "ContainerCreating");
        Assert.Equal(PodPhase.Pending, accepted.Status!.Phase);
        Assert.StartsWith("small-", accepted.Spec.NodeName);
        Assert.NotNull(accepted.Status.PodIP);

        cluster.Time.Advance(ClusterFixture.PodStartDelay - TimeSpan.FromSeconds(1));
        Assert.Equal(PodPhase.Pending, (await Helpers.GetPodAsync(cluster, ns, "web")).Status!.Phase);

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var running = await Helpers.WaitForPodAsync(cluster, ns, "web", p => p.Status?.Phase == PodPhase.Running);
        Assert.True(running.Status!.ContainerStatuses![0].Ready);
        Assert.Contains(running.Status.Conditions!, c => c.Type == "Ready" && c.Status == ConditionStatus.True);
        Assert.Equal(PodQosClass.Burstable, running.Status.QosClass);
    }
}
