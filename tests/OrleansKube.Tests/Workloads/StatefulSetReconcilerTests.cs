using OrleansKube.Control.Workloads.StatefulSets;

namespace OrleansKube.Tests.Workloads;

public class StatefulSetReconcilerTests
{
    /// <summary>A set of <see cref="Replicas"/>, the steps taken (see <see cref="StatefulSetWorld"/>), and what each step wrote.</summary>
    public sealed record Case(string Sentence, int Replicas, PodManagementPolicyType Policy, string[] Steps, string[] Log)
    {
        public override string ToString() => Sentence;
    }

    private const PodManagementPolicyType Ordered = PodManagementPolicyType.OrderedReady;
    private const PodManagementPolicyType Parallel = PodManagementPolicyType.Parallel;

    public static TheoryData<Case> Cases() =>
    [
        new Case("ordered creation makes each ordinal's claim then its pod, and the next only once the one before is running and ready", 3, Ordered,
            ["pass", "pass", "ready", "pass", "ready", "pass", "ready", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "pass:",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-2, create Pod web-2",
                "ready:",
                "pass:",
            ]),
        new Case("parallel creation makes every ordinal's claim and pod in one pass", 3, Parallel,
            ["pass", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0, create PersistentVolumeClaim data-web-1, create Pod web-1, create PersistentVolumeClaim data-web-2, create Pod web-2",
                "pass:",
            ]),
        new Case("ordered scale-down deletes the highest ordinal first, one at a time, each gone before the next, and keeps the claims", 3, Ordered,
            ["pass", "ready", "pass", "ready", "pass", "ready", "scale 0", "pass", "pass", "gone", "pass", "gone", "pass", "gone", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-2, create Pod web-2",
                "ready:",
                "scale 0:",
                "pass: delete Pod web-2",
                "pass:",
                "gone:",
                "pass: delete Pod web-1",
                "gone:",
                "pass: delete Pod web-0",
                "gone:",
                "pass:",
            ]),
        new Case("parallel scale-down deletes every pod beyond the replicas at once", 3, Parallel,
            ["pass", "ready", "scale 1", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0, create PersistentVolumeClaim data-web-1, create Pod web-1, create PersistentVolumeClaim data-web-2, create Pod web-2",
                "ready:",
                "scale 1:",
                "pass: delete Pod web-2, delete Pod web-1",
            ]),
        new Case("a pod deleted by a user is made again under its name once gone, with the claim it had", 2, Ordered,
            ["pass", "ready", "pass", "ready", "delete web-0", "pass", "gone", "pass", "ready", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "delete web-0: delete Pod web-0",
                "pass:",
                "gone:",
                "pass: create Pod web-0",
                "ready:",
                "pass:",
            ]),
        new Case("a failed pod is deleted and made again under its name", 1, Ordered,
            ["pass", "ready", "fail web-0", "pass", "gone", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "ready:",
                "fail web-0:",
                "pass: delete Pod web-0",
                "gone:",
                "pass: create Pod web-0",
            ]),
        new Case("scaling up again after a scale-down reuses the claims kept", 2, Parallel,
            ["pass", "ready", "scale 1", "pass", "gone", "scale 2", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0, create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "scale 1:",
                "pass: delete Pod web-1",
                "gone:",
                "scale 2:",
                "pass: create Pod web-1",
            ]),
        new Case("a rolling update replaces old pods from the highest ordinal down, one at a time, each ready before the next", 3, Parallel,
            ["pass", "ready", "image nginx:2", "pass", "pass", "gone", "pass", "pass", "ready", "pass", "gone", "pass", "ready", "pass", "gone", "pass", "ready", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0, create PersistentVolumeClaim data-web-1, create Pod web-1, create PersistentVolumeClaim data-web-2, create Pod web-2",
                "ready:",
                "image nginx:2:",
                "pass: delete Pod web-2",
                "pass:",
                "gone:",
                "pass: create Pod web-2",
                "pass:",
                "ready:",
                "pass: delete Pod web-1",
                "gone:",
                "pass: create Pod web-1",
                "ready:",
                "pass: delete Pod web-0",
                "gone:",
                "pass: create Pod web-0",
                "ready:",
                "pass:",
            ]),
        new Case("a rolling update with a partition leaves the ordinals below it at the old revision", 3, Ordered,
            ["pass", "ready", "pass", "ready", "pass", "ready", "partition 2", "image nginx:2", "pass", "gone", "pass", "ready", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-2, create Pod web-2",
                "ready:",
                "partition 2:",
                "image nginx:2:",
                "pass: delete Pod web-2",
                "gone:",
                "pass: create Pod web-2",
                "ready:",
                "pass:",
            ]),
        new Case("OnDelete replaces no pod itself, only those a user deletes", 2, Ordered,
            ["pass", "ready", "pass", "ready", "ondelete", "image nginx:2", "pass", "delete web-1", "pass", "gone", "pass", "ready", "pass"],
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0",
                "ready:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "ondelete:",
                "image nginx:2:",
                "pass:",
                "delete web-1: delete Pod web-1",
                "pass:",
                "gone:",
                "pass: create Pod web-1",
                "ready:",
                "pass:",
            ]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sync_Steps_WriteAsUpstreamsController(Case c)
    {
        var world = new StatefulSetWorld(c.Replicas, c.Policy);

        await world.RunAsync(c.Steps);

        Assert.Equal(c.Log, world.Log);
    }

    [Fact]
    public async Task Sync_NewPod_HasItsIdentityLabelsHostnameSubdomainAndClaimVolume_OwnedByTheSetButNotItsClaim()
    {
        var world = new StatefulSetWorld(1);

        await world.RunAsync(["pass"]);

        var pod = world.Pod("web-0");
        var revision = world.Set.Status!.UpdateRevision!;
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]+$", revision);
        Assert.Equal(new Dictionary<string, string>
        {
            ["app"] = "web",
            ["statefulset.kubernetes.io/pod-name"] = "web-0",
            ["apps.kubernetes.io/pod-index"] = "0",
            ["controller-revision-hash"] = revision,
        }, pod.Metadata.Labels);
        Assert.Equal(("web-0", "web-headless"), (pod.Spec.Hostname, pod.Spec.Subdomain));
        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal(("StatefulSet", "web", "uid-web", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        var volume = Assert.Single(pod.Spec.Volumes!);
        Assert.Equal(("data", "data-web-0"), (volume.Name, volume.PersistentVolumeClaim?.ClaimName));

        var claim = world.Recorder.Get<PersistentVolumeClaim>("data-web-0");
        Assert.Null(claim.Metadata.OwnerReferences);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "storage", ["app"] = "web" }, claim.Metadata.Labels);
        Assert.Equal("1Gi", claim.Spec!.Resources!.Requests!["storage"].ToString());
        Assert.Contains("Normal SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success", world.Recorder.Events);
        Assert.Contains("Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful", world.Recorder.Events);
    }

    [Fact]
    public async Task Sync_Partition_RecreatesAPodBelowItAtTheCurrentRevision_AndAboveItAtTheUpdateRevision()
    {
        var world = new StatefulSetWorld(2, PodManagementPolicyType.Parallel);
        await world.RunAsync(["pass", "ready", "pass"]);
        var old = world.Set.Status!.CurrentRevision;

        await world.RunAsync(["partition 1", "image nginx:2", "pass", "gone", "pass", "ready", "pass", "delete web-0", "gone", "pass", "ready", "pass"]);

        var status = world.Set.Status!;
        Assert.NotEqual(old, status.UpdateRevision);
        Assert.Equal(old, status.CurrentRevision);
        Assert.Equal((old, "nginx:1"), (StatefulPods.RevisionOf(world.Pod("web-0")), world.Pod("web-0").Spec.Containers[0].Image));
        Assert.Equal((status.UpdateRevision, "nginx:2"), (StatefulPods.RevisionOf(world.Pod("web-1")), world.Pod("web-1").Spec.Containers[0].Image));
        Assert.Equal((2, 2, 1, 1), (status.Replicas, status.ReadyReplicas, status.CurrentReplicas, status.UpdatedReplicas));
    }

    [Fact]
    public async Task Sync_RollingUpdateDone_MakesTheUpdateRevisionCurrent()
    {
        var world = new StatefulSetWorld(1);
        await world.RunAsync(["pass", "ready", "pass", "image nginx:2", "pass"]);
        var rolling = world.Set.Status!;
        Assert.NotEqual(rolling.CurrentRevision, rolling.UpdateRevision);

        await world.RunAsync(["gone", "pass", "ready", "pass"]);

        var done = world.Set.Status!;
        Assert.Equal(rolling.UpdateRevision, done.CurrentRevision);
        Assert.Equal((1, 1, 1, 1, 1, 2L, 0), (done.Replicas, done.ReadyReplicas, done.AvailableReplicas, done.CurrentReplicas, done.UpdatedReplicas, done.ObservedGeneration, done.CollisionCount));
    }

    [Fact]
    public async Task Sync_WhenScaledDelete_GivesTheCondemnedPodsClaimToThePodAndDeletesItWithThePod()
    {
        var world = new StatefulSetWorld(2, PodManagementPolicyType.Parallel, whenScaled: PersistentVolumeClaimRetentionPolicyType.Delete);
        await world.RunAsync(["pass", "ready", "pass", "scale 1", "pass"]);

        Assert.Equal(
            [
                "pass: create PersistentVolumeClaim data-web-0, create Pod web-0, create PersistentVolumeClaim data-web-1, create Pod web-1",
                "ready:",
                "pass:",
                "scale 1:",
                "pass: update PersistentVolumeClaim data-web-1, delete Pod web-1, delete PersistentVolumeClaim data-web-1",
            ],
            world.Log);
        Assert.DoesNotContain(("PersistentVolumeClaim", "data-web-1"), world.Recorder.Objects.Keys);
        Assert.Null(world.Recorder.Get<PersistentVolumeClaim>("data-web-0").Metadata.OwnerReferences);
    }

    [Fact]
    public async Task Sync_WhenDeletedDelete_ClaimsAreControlledByTheSet_AndExistingOnesAreGivenToIt()
    {
        var world = new StatefulSetWorld(1, whenDeleted: PersistentVolumeClaimRetentionPolicyType.Delete);
        world.Recorder.Put(new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "data-web-0", Namespace = "default", Labels = new() { ["app"] = "web" } } });
        world.Recorder.Put(new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "other-claim", Namespace = "default" } });

        await world.RunAsync(["pass", "ready", "pass", "scale 2", "pass"]);

        Assert.Equal(
            [
                "pass: create Pod web-0",
                "ready:",
                "pass: update PersistentVolumeClaim data-web-0",
                "scale 2:",
                "pass: create PersistentVolumeClaim data-web-1, create Pod web-1",
            ],
            world.Log);
        Assert.All(new[] { "data-web-0", "data-web-1" }, name =>
        {
            var owner = Assert.Single(world.Recorder.Get<PersistentVolumeClaim>(name).Metadata.OwnerReferences!);
            Assert.Equal(("StatefulSet", "web", "uid-web", true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        });
    }

    [Fact]
    public void ClaimOwners_AnotherController_LeavesTheClaimAlone()
    {
        var set = new StatefulSetWorld(1, whenDeleted: PersistentVolumeClaimRetentionPolicyType.Delete).Set;
        var pod = new Pod { Metadata = new ObjectMeta { Name = "web-0", Uid = "uid-web-0" } };
        var claim = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "data-web-0", OwnerReferences = [new OwnerReference { Kind = "Operator", Name = "op", Uid = "uid-op", Controller = true }] } };
        var stale = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "data-web-0", OwnerReferences = [new OwnerReference { Kind = "StatefulSet", Name = "web", Uid = "uid-earlier-web", Controller = true }] } };

        Assert.Null(StatefulPods.ClaimOwners(set, pod, claim, condemned: false));
        Assert.Null(StatefulPods.ClaimOwners(set, pod, stale, condemned: false));
        Assert.Single(StatefulPods.ClaimOwners(set, pod, new PersistentVolumeClaim(), condemned: false)!);
    }

    [Fact]
    public async Task Sync_LaggingViewOfItsOwnCreate_DoesNotCreateAgain()
    {
        var world = new StatefulSetWorld(1);
        var expectations = new Control.Workloads.ControllerExpectations();
        List<ControllerRevision> revisions = [];
        await new StatefulSetReconciler(world.Api, expectations).SyncAsync(world.Set, [], revisions, StatefulSetWorld.Start);

        // The pod's notification has not arrived: the view still holds none.
        await new StatefulSetReconciler(world.Api, expectations).SyncAsync(world.Set, [], revisions, StatefulSetWorld.Start.AddSeconds(1));

        Assert.Single(world.Recorder.Calls, c => c == "create Pod web-0");
    }

    [Fact]
    public async Task Sync_MinReadySeconds_WaitsForAvailabilityBeforeTheNextOrdinal_AndAsksToLookAgainThen()
    {
        var world = new StatefulSetWorld(2, claims: false);
        var set = KubeJson(world.Set);
        set.Spec!.MinReadySeconds = 10;
        world.Recorder.Put(set);
        await world.RunAsync(["pass", "ready"]);

        var waiting = await world.PassAsync();
        Assert.Equal(StatefulSetWorld.Start.AddSeconds(10), waiting.RequeueAt);
        Assert.DoesNotContain("create Pod web-1", world.Recorder.Calls);

        world.Recorder.Now = StatefulSetWorld.Start.AddSeconds(10);
        await world.PassAsync();
        Assert.Contains("create Pod web-1", world.Recorder.Calls);
    }

    [Theory]
    [InlineData("web-0", 0)]
    [InlineData("web-12", 12)]
    [InlineData("web-", -1)]
    [InlineData("web-01", -1)]
    [InlineData("web-x", -1)]
    [InlineData("webby-1", -1)]
    [InlineData("other-1", -1)]
    public void OrdinalOf_ParsesOnlyTheSetsOwnNames(string name, int ordinal) =>
        Assert.Equal(ordinal, StatefulPods.OrdinalOf(new StatefulSet { Metadata = new ObjectMeta { Name = "web" } }, new Pod { Metadata = new ObjectMeta { Name = name } }));

    private static StatefulSet KubeJson(StatefulSet set) => Model.Serialization.KubeJson.Clone(set);
}
