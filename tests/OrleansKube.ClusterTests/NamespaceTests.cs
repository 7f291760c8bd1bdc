using OrleansKube.Control.Namespaces;
using OrleansKube.Control.Store;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.ClusterTests;

/// <summary>Namespace deletion as upstream: Terminating, creates refused, the content deleted by the namespace controller, then the namespace.</summary>
public sealed class NamespaceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly KindInfo[] ContentKinds = [.. Kinds.All.Where(k => k.Namespaced)];

    private async Task<Namespace?> GetNamespaceAsync(string name) => (Namespace?)await cluster.Api.GetAsync("namespaces", null, name);

    private async Task<int> ContentCountAsync(string ns) =>
        (await Task.WhenAll(ContentKinds.Select(k => cluster.Api.CountAsync(new ListQuery(k.Plural, ns))))).Sum();

    /// <summary>A running pod that takes <paramref name="graceSeconds"/> of simulated time to stop: it keeps its namespace Terminating meanwhile.</summary>
    private async Task RunSlowToStopPodAsync(string ns, string name, long graceSeconds)
    {
        var pod = Helpers.Pod(ns, name);
        pod.Spec.TerminationGracePeriodSeconds = graceSeconds;
        pod.Metadata.Annotations = new() { [Manifests.Simulation.WorkloadBehaviour.StopSecondsKey] = $"{graceSeconds}" }; // ignores SIGTERM until killed
        await cluster.Api.ApplyAsync([pod], ApplyMode.Create);
        await Helpers.SettledPodAsync(cluster, ns, name, p => p.Spec.NodeName is not null);
        await cluster.AdvanceAsync(ClusterFixture.PodStartDelay);
        await Helpers.SettledPodAsync(cluster, ns, name, p => p.Status?.Phase == PodPhase.Running);
    }

    [Fact]
    public async Task Delete_NamespaceWithARunningPod_IsTerminatingUntilThePodStops_ThenGoesWithItsFinalizer()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "term");
        var created = (await GetNamespaceAsync(ns))!;
        Assert.Equal((NamespacePhase.Active, "kubernetes"), (created.Status!.Phase, string.Join(",", created.Spec!.Finalizers!)));
        await RunSlowToStopPodAsync(ns, "slow", graceSeconds: 60);

        var returned = (Namespace)await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.SettleAsync();

        Assert.Equal(NamespacePhase.Terminating, returned.Status!.Phase);
        Assert.NotNull(returned.Metadata.DeletionTimestamp);
        var terminating = (await GetNamespaceAsync(ns))!;
        Assert.Equal((NamespacePhase.Terminating, "kubernetes"), (terminating.Status!.Phase, string.Join(",", terminating.Spec!.Finalizers!)));
        var remaining = terminating.Status.Conditions!.Single(c => c.Type == NamespaceReconciler.ContentRemaining);
        Assert.Equal(ConditionStatus.True, remaining.Status);
        Assert.Contains("pods. has 1 resource instances", remaining.Message);
        Assert.Contains(await cluster.Api.ListAsync(new ListQuery("namespaces", null)), n => n.Metadata.Name == ns); // still listed, as upstream

        var again = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.DeleteAsync("namespaces", null, ns));
        Assert.Equal(ApiErrorReason.Conflict, again.Reason);
        Assert.Equal($"Operation cannot be fulfilled on namespaces \"{ns}\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.", again.Message);

        await cluster.AdvanceUntilAsync(async () => await GetNamespaceAsync(ns) is null, $"namespace {ns} is gone", TimeSpan.FromMinutes(2));

        Assert.Equal(0, await ContentCountAsync(ns));
        Assert.DoesNotContain(await cluster.Api.ListAsync(new ListQuery("namespaces", null)), n => n.Metadata.Name == ns);
    }

    [Fact]
    public async Task Create_IntoTerminatingNamespace_IsRefusedForApiCreatesBatchesAndControllers_WhileUpdatesGoThrough()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "refuse");
        await RunSlowToStopPodAsync(ns, "slow", graceSeconds: 60);
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.SettleAsync();

        var create = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.CreateAsync(Helpers.Pod(ns, "late")));
        var batch = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.ApplyAsync(
            [new ConfigMap { Metadata = new ObjectMeta { Name = "late-config", Namespace = ns } }, new Secret { Metadata = new ObjectMeta { Name = "late-secret", Namespace = ns } }], ApplyMode.Apply));

        // A controller's create is the same API call (GrainObjectControl.CreateAsync): a ReplicaSet's pod, named by generateName.
        var owned = Helpers.Pod(ns, "");
        owned.Metadata.Name = null;
        owned.Metadata.GenerateName = "web-7d4b9c-";
        owned.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-7d4b9c", Uid = "uid", Controller = true }];
        var controller = await Assert.ThrowsAsync<ApiException>(() => cluster.Api.CreateAsync(owned));

        Assert.Equal((ApiErrorReason.Forbidden, $"pods \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"), (create.Reason, create.Message));
        Assert.Equal(ApiErrorReason.Forbidden, batch.Reason);
        Assert.Equal(
            [$"configmaps \"late-config\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", $"secrets \"late-secret\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"],
            batch.Message.Split(Environment.NewLine));
        Assert.Equal(ApiErrorReason.Forbidden, controller.Reason);
        Assert.Matches($"^pods \"web-7d4b9c-[a-z0-9]+\" is forbidden: unable to create new content in namespace {ns} because it is being terminated$", controller.Message);
        Assert.Null(await cluster.Api.GetAsync("configmaps", ns, "late-config"));
        Assert.Equal(["slow"], (await cluster.Api.ListAsync(new ListQuery("pods", ns))).Select(p => p.Metadata.Name));

        // An existing object may still be changed (upstream's admission refuses creates only): the terminating pod here.
        var slow = (Pod)(await cluster.Api.GetAsync("pods", ns, "slow"))!;
        slow.Metadata.Labels = new() { ["seen"] = "yes" };
        var updated = await cluster.Api.ApplyAsync([slow], ApplyMode.Apply);
        Assert.Equal("configured", updated.Single().Verb);

        await cluster.AdvanceUntilAsync(async () => await GetNamespaceAsync(ns) is null, $"namespace {ns} is gone", TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Delete_NamespaceOfHundredsOfObjectsAndBusyControllers_DeletesEverything_AndNothingComesBack()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "bulk");
        var configs = Enumerable.Range(0, 240).Select(i => (KubeObject)new ConfigMap { Metadata = new ObjectMeta { Name = $"config-{i:D3}", Namespace = ns }, Data = new() { ["i"] = $"{i}" } });
        var secrets = Enumerable.Range(0, 30).Select(i => (KubeObject)new Secret { Metadata = new ObjectMeta { Name = $"secret-{i:D2}", Namespace = ns } });
        await cluster.Api.ApplyAsync([.. configs, .. secrets], ApplyMode.Apply);
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 6)], ApplyMode.Apply);
        await cluster.AdvanceUntilAsync(async () => (await WorkloadTests.GetDeploymentAsync(cluster, ns, "web")).Status?.AvailableReplicas == 6, "6 replicas are available");

        // The Deployment is scaled and the namespace deleted in the same instant: its controllers race the namespace's.
        await cluster.Api.ApplyAsync([WorkloadTests.Deployment(ns, "web", 12)], ApplyMode.Apply);
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.AdvanceUntilAsync(async () => await GetNamespaceAsync(ns) is null, $"namespace {ns} is gone", TimeSpan.FromMinutes(2));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, await ContentCountAsync(ns));

        // The name is free again, and the new namespace starts Active with only its default ServiceAccount.
        await cluster.Api.ApplyAsync([new Namespace { Metadata = new ObjectMeta { Name = ns } }], ApplyMode.Apply);
        Assert.Equal(NamespacePhase.Active, (await GetNamespaceAsync(ns))!.Status!.Phase);
        Assert.Equal(1, await ContentCountAsync(ns));
        Assert.NotNull(await cluster.Api.GetAsync("ServiceAccount", ns, "default"));
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.AdvanceUntilAsync(async () => await GetNamespaceAsync(ns) is null, $"namespace {ns} is gone again");
    }

    [Fact]
    public async Task NamespaceController_LostWhileTheNamespaceEmpties_IsStartedAgainByTheResync()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "lost");
        await RunSlowToStopPodAsync(ns, "slow", graceSeconds: 20);
        await cluster.Api.DeleteAsync("namespaces", null, ns);
        await cluster.SettleAsync();

        // Its activation goes, as with its silo: nothing drives the namespace any more once its pod has stopped.
        var controller = cluster.Client.GetGrain<INamespaceControllerGrain>(ObjectKey.For(Kinds.Namespace, null, ns).ToString());
        await controller.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await cluster.AdvanceUntilAsync(async () => await cluster.Api.GetAsync("pods", ns, "slow") is null, "the pod has stopped");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(NamespacePhase.Terminating, (await GetNamespaceAsync(ns))?.Status?.Phase);

        // The controller-manager's resync (after a silo's death, on becoming leader, every resync period) hands it on again.
        await ControllerGrains.ResyncAsync(cluster.Client);
        await cluster.AdvanceUntilAsync(async () => await GetNamespaceAsync(ns) is null, $"namespace {ns} is gone");
        Assert.Equal(0, await ContentCountAsync(ns));
    }
}
