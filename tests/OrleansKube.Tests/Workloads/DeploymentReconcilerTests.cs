using OrleansKube.Control.Workloads.Deployments;

namespace OrleansKube.Tests.Workloads;

public class DeploymentReconcilerTests
{
    public sealed record FencepostCase(string Sentence, IntOrString Surge, IntOrString Unavailable, int Replicas, int ExpectedSurge, int ExpectedUnavailable)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<FencepostCase> FencepostCases() =>
    [
        new FencepostCase("the 25% defaults of 10 round surge up and unavailable down", "25%", "25%", 10, 3, 2),
        new FencepostCase("the 25% defaults of 1 allow one extra and none unavailable", "25%", "25%", 1, 1, 0),
        new FencepostCase("both zero means one unavailable", 0, 0, 5, 0, 1),
        new FencepostCase("0% of anything is zero, so one may be unavailable", "0%", "0%", 7, 0, 1),
        new FencepostCase("integers are taken as they are", 3, 2, 10, 3, 2),
        new FencepostCase("percentages above 100 scale too", "150%", "10%", 4, 6, 0),
    ];

    private static DeploymentWorld TenWithSurgeThreeAndUnavailableTwo() => new(10, strategy: new DeploymentStrategy
    {
        Type = DeploymentStrategyType.RollingUpdate,
        RollingUpdate = new RollingUpdateDeployment { MaxSurge = 3, MaxUnavailable = 2 },
    });

    [Theory]
    [MemberData(nameof(FencepostCases))]
    public void ResolveFenceposts_RoundsAsUpstream(FencepostCase c) =>
        Assert.Equal((c.ExpectedSurge, c.ExpectedUnavailable), RolloutMath.ResolveFenceposts(c.Surge, c.Unavailable, c.Replicas));

    [Fact]
    public async Task Sync_NewDeployment_CreatesItsReplicaSetNamedByTemplateHashAtRevisionOne()
    {
        var world = new DeploymentWorld(3);

        await world.PassAsync();

        var rs = Assert.Single(world.Sets);
        var hash = rs.Spec!.Template!.Metadata!.Labels![PodTemplateHash.Label];
        Assert.Equal("web-" + hash, rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector!.MatchLabels![PodTemplateHash.Label]);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal(("3", "4"), (rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas], rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]));
        Assert.Equal("1", world.Deployment.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Contains($"Normal ScalingReplicaSet Scaled up replica set {rs.Metadata.Name} to 3", world.Api.Events);
        var progressing = world.Deployment.Status!.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal(("NewReplicaSetCreated", $"Created new replica set \"{rs.Metadata.Name}\""), (progressing.Reason, progressing.Message));
    }

    [Fact]
    public async Task Sync_RolledOut_ReportsCompleteAndAvailable()
    {
        var world = new DeploymentWorld(3);

        await world.RolloutAsync();

        var status = world.Deployment.Status!;
        Assert.Equal((3, 3, 3, 3, 0), (status.Replicas, status.UpdatedReplicas, status.ReadyReplicas, status.AvailableReplicas, status.UnavailableReplicas));
        var available = status.Conditions!.Single(c => c.Type == "Available");
        Assert.Equal((ConditionStatus.True, "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var progressing = status.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal(("NewReplicaSetAvailable", $"ReplicaSet \"{world.NewSet.Metadata.Name}\" has successfully progressed."), (progressing.Reason, progressing.Message));
    }

    [Fact]
    public async Task Sync_RollingUpdateOfTenWithSurgeThreeAndUnavailableTwo_StaysWithinThirteenPodsAndEightAvailable()
    {
        var world = TenWithSurgeThreeAndUnavailableTwo();
        await world.RolloutAsync();
        var oldSet = world.NewSet.Metadata.Name;
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.27"));

        int maxPods = 0, minAvailable = int.MaxValue, passes = 0;
        world.Api.AfterWrite = () =>
        {
            // After every single write, not only between passes.
            maxPods = Math.Max(maxPods, world.TotalPods);
            minAvailable = Math.Min(minAvailable, world.AvailablePods);
        };
        while (!DeploymentConditions.IsComplete(world.Deployment, world.Deployment.Status) && passes++ < 50)
        {
            await world.PassAsync();
            world.Observe(available: true);
            world.Api.Now += TimeSpan.FromSeconds(1);
            await world.PassAsync();
        }

        Assert.Equal(13, maxPods);
        Assert.Equal(8, minAvailable);
        Assert.Equal(10, world.NewSet.Spec!.Replicas);
        Assert.Equal(0, world.Sets.Single(rs => rs.Metadata.Name == oldSet).Spec!.Replicas);
        Assert.Equal("2", world.Deployment.Metadata.Annotations![DeploymentAnnotations.Revision]);

        // The first step: the new set grows by the surge, then the old shrinks by what availability allows.
        Assert.Equal($"Normal ScalingReplicaSet Scaled up replica set {world.NewSet.Metadata.Name} to 3", world.Api.Events.First(e => e.Contains(world.NewSet.Metadata.Name!, StringComparison.Ordinal)));
        Assert.Contains($"Normal ScalingReplicaSet Scaled down replica set {oldSet} to 8 from 10", world.Api.Events);
    }

    [Fact]
    public async Task Sync_NewPodsNeverAvailable_OldSetShrinksNoFurtherThanMaxUnavailable()
    {
        var world = TenWithSurgeThreeAndUnavailableTwo();
        await world.RolloutAsync();
        var oldSet = world.NewSet.Metadata.Name;
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:broken"));

        for (var i = 0; i < 10; i++)
        {
            await world.PassAsync();
            world.Observe(available: false);
        }

        Assert.Equal(8, world.Sets.Single(rs => rs.Metadata.Name == oldSet).Spec!.Replicas);
        Assert.Equal(5, world.NewSet.Spec!.Replicas);
        Assert.Equal(8, world.AvailablePods);
    }

    [Fact]
    public async Task Sync_Recreate_ScalesOldToZeroAndWaitsForItsPodsBeforeTheNewSet()
    {
        var world = new DeploymentWorld(3, strategy: new DeploymentStrategy { Type = DeploymentStrategyType.Recreate });
        await world.RolloutAsync();
        var oldSet = world.NewSet.Metadata.Name!;
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.27"));

        await world.PassAsync();
        Assert.Equal(0, world.Sets.Single().Spec!.Replicas);
        Assert.Contains($"Normal ScalingReplicaSet Scaled down replica set {oldSet} to 0 from 3", world.Api.Events);

        // Its pods are still terminating: nothing new yet.
        world.Observe(available: true);
        world.PodsLeft[oldSet] = 2;
        await world.PassAsync();
        Assert.Single(world.Sets);

        world.PodsLeft[oldSet] = 0;
        await world.PassAsync();
        Assert.Equal(2, world.Sets.Count);
        Assert.Equal(3, world.NewSet.Spec!.Replicas);
    }

    [Fact]
    public async Task Sync_TemplateBackToAnEarlierRevision_ReusesItsReplicaSetAsTheNextRevision()
    {
        var world = new DeploymentWorld(2);
        await world.RolloutAsync();
        var first = world.NewSet.Metadata.Name;
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.27"));
        await world.RolloutAsync();
        var second = world.NewSet.Metadata.Name;

        // What `rollout undo` does: the deployment's template becomes revision 1's again.
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:1.26"));
        await world.RolloutAsync();

        Assert.Equal(first, world.NewSet.Metadata.Name);
        Assert.Equal(2, world.Sets.Count);
        Assert.Equal("3", world.NewSet.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal("1", world.NewSet.Metadata.Annotations[DeploymentAnnotations.RevisionHistory]);
        Assert.Equal("3", world.Deployment.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal(0, world.Sets.Single(rs => rs.Metadata.Name == second).Spec!.Replicas);
    }

    [Fact]
    public async Task Sync_MoreOldSetsThanTheHistoryLimit_DeletesTheOldestScaledDownOnes()
    {
        var world = new DeploymentWorld(1, revisionHistoryLimit: 1);
        foreach (var image in new[] { "nginx:1.26", "nginx:1.27", "nginx:1.28", "nginx:1.29" })
        {
            world.Edit(s => s.Template = DeploymentWorld.Template(image));
            await world.RolloutAsync();
        }

        Assert.Equal(["1.28", "1.29"], world.Sets.Select(rs => rs.Spec!.Template!.Spec!.Containers[0].Image![6..]).Order());
        Assert.Equal(3, world.Api.Calls.Count(c => c.StartsWith("delete ReplicaSet", StringComparison.Ordinal)) + 1);
    }

    [Fact]
    public async Task Sync_Paused_MakesNoNewReplicaSetAndSaysSoUntilResumed()
    {
        var world = new DeploymentWorld(2);
        await world.RolloutAsync();
        world.Edit(s =>
        {
            s.Paused = true;
            s.Template = DeploymentWorld.Template("nginx:1.27");
        });

        await world.PassAsync();

        Assert.Single(world.Sets);
        var progressing = world.Deployment.Status!.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal((ConditionStatus.Unknown, "DeploymentPaused", "Deployment is paused"), (progressing.Status, progressing.Reason, progressing.Message));

        world.Edit(s => s.Paused = false);
        await world.PassAsync();
        Assert.Equal(2, world.Sets.Count);
    }

    [Fact]
    public async Task Sync_CompleteLongAgoThenAReplicaUnavailable_RequeuesLater_NotInThePast()
    {
        // Complete, then (past its deadline) a pod is lost: not timed out (a complete rollout does not time out), and
        // its look again must lie ahead, or a stopped clock would run the pass over and over.
        var world = new DeploymentWorld(2, progressDeadlineSeconds: 60);
        await world.RolloutAsync();
        world.Api.Now += TimeSpan.FromMinutes(10);
        world.Observe(available: false);

        var sync = await world.PassAsync();

        Assert.True(sync.RequeueAt is null || sync.RequeueAt > world.Api.Now, $"requeue at {sync.RequeueAt:O}, now {world.Api.Now:O}");
    }

    [Fact]
    public async Task Sync_NoProgressPastTheDeadline_ReportsProgressDeadlineExceeded()
    {
        var world = new DeploymentWorld(2, progressDeadlineSeconds: 60);
        await world.RolloutAsync();
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:broken"));
        await world.PassAsync();
        world.Observe(available: false);
        var sync = await world.PassAsync();
        var progressing = world.Deployment.Status!.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal(ConditionStatus.True, progressing.Status);
        Assert.Equal(progressing.LastUpdateTime + TimeSpan.FromSeconds(61), sync.RequeueAt);

        world.Api.Now = sync.RequeueAt!.Value;
        await world.PassAsync();

        progressing = world.Deployment.Status!.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal((ConditionStatus.False, "ProgressDeadlineExceeded", $"ReplicaSet \"{world.NewSet.Metadata.Name}\" has timed out progressing."),
            (progressing.Status, progressing.Reason, progressing.Message));
    }

    [Fact]
    public async Task Sync_ScaledMidRollout_SpreadsTheNewReplicasInProportion()
    {
        // Upstream's documented example: 10 replicas, maxSurge 3, maxUnavailable 2, a rollout stuck at 8 old + 5 new, scaled to 15.
        var world = TenWithSurgeThreeAndUnavailableTwo();
        await world.RolloutAsync();
        var oldSet = world.NewSet.Metadata.Name;
        world.Edit(s => s.Template = DeploymentWorld.Template("nginx:broken"));
        for (var i = 0; i < 4; i++)
        {
            await world.PassAsync();
            world.Observe(available: false);
        }

        world.Edit(s => s.Replicas = 15);
        await world.PassAsync();

        Assert.Equal(11, world.Sets.Single(rs => rs.Metadata.Name == oldSet).Spec!.Replicas);
        Assert.Equal(7, world.NewSet.Spec!.Replicas);
    }

    [Fact]
    public async Task Sync_OrphanReplicaSetMatchingTheSelector_IsAdopted()
    {
        var world = new DeploymentWorld(1);
        world.Api.Put(new ReplicaSet
        {
            Metadata = new ObjectMeta { Name = "stray", Namespace = "default", Labels = new() { ["app"] = "web" } },
            Spec = new ReplicaSetSpec { Replicas = 1, Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } }, Template = DeploymentWorld.Template("nginx:old") },
        });

        await world.PassAsync();

        Assert.Equal("uid-web", world.Api.Get<ReplicaSet>("stray").Metadata.OwnerReferences!.Single().Uid);
    }
}
