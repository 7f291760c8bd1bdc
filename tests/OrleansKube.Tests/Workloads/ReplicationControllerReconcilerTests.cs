using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.ReplicationControllers;

namespace OrleansKube.Tests.Workloads;

public class ReplicationControllerReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);
    private readonly ControllerExpectations _expectations = new();

    private ReplicationControllerReconciler Reconciler => new(_api, _expectations);

    private static ReplicationController Rc(int replicas) => new()
    {
        ApiVersion = "v1",
        Kind = "ReplicationController",
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "uid-web", Generation = 2 },
        Spec = new ReplicationControllerSpec
        {
            Replicas = replicas,
            Selector = new() { ["app"] = "web" },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web", ["tier"] = "front" } },
                Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }] },
            },
        },
    };

    private Pod Stored(Pod pod) => _api.Put(pod);

    [Fact]
    public void ToReplicaSet_EqualitySelector_IsAMatchLabelsSelectorOverTheSameFields()
    {
        var rc = Rc(3) with { Status = new ReplicationControllerStatus { Replicas = 2, ReadyReplicas = 1, Conditions = [new() { Type = "ReplicaFailure", Status = ConditionStatus.True, Reason = "FailedCreate" }] } };

        var rs = ReplicationControllerAdapter.ToReplicaSet(rc);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, rs.Spec!.Selector!.MatchLabels);
        Assert.Null(rs.Spec.Selector.MatchExpressions);
        Assert.Same(rc.Spec!.Template, rs.Spec.Template);
        Assert.Equal((3, "uid-web", 2, 1), (rs.Spec.Replicas, rs.Metadata.Uid, rs.Status!.Replicas, rs.Status.ReadyReplicas));
        Assert.Equal("FailedCreate", Assert.Single(rs.Status.Conditions!).Reason);
    }

    [Fact]
    public void ToStatus_ReplicaSetStatus_CarriesEveryCountAndCondition()
    {
        var status = ReplicationControllerAdapter.ToStatus(new() { Replicas = 3, FullyLabeledReplicas = 2, ReadyReplicas = 1, AvailableReplicas = 1, ObservedGeneration = 4, Conditions = [new() { Type = "ReplicaFailure", Status = ConditionStatus.True, Reason = "FailedDelete", Message = "m" }] });

        Assert.Equal((3, 2, 1, 1, 4L), (status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas, status.ObservedGeneration));
        var condition = Assert.Single(status.Conditions!);
        Assert.Equal(("ReplicaFailure", ConditionStatus.True, "FailedDelete", "m"), (condition.Type, condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public async Task Sync_MissingPods_CreatesThemOwnedByTheReplicationController()
    {
        var sync = await Reconciler.SyncAsync(Rc(3), [], Start);

        var pods = _api.All<Pod>().ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.GenerateName ?? p.Metadata.Name, StringComparison.Ordinal);
            var owner = Assert.Single(p.Metadata.OwnerReferences!);
            Assert.Equal(("v1", "ReplicationController", "web", "uid-web", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        });
        Assert.Contains("status ReplicationController web", _api.Calls);
        Assert.Equal((0, 2L), (sync.ReplicationController.Status!.Replicas, sync.ReplicationController.Status.ObservedGeneration));
    }

    [Fact]
    public async Task Sync_OwnedPods_StatusCountsThemAsTheReplicaSetControllerDoes()
    {
        var rc = Rc(2);
        var ready = Stored(ReplicaSetReconcilerTests.Pod("a", null, readySince: Start));
        var running = Stored(ReplicaSetReconcilerTests.Pod("b", null, labels: new() { ["app"] = "web" }));
        ready = ControllerRefs.Adopted(ready, rc);
        running = ControllerRefs.Adopted(running, rc);

        var sync = await Reconciler.SyncAsync(rc, [ready, running], Start);

        var status = sync.ReplicationController.Status!;
        Assert.Equal((2, 1, 1, 1), (status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas));
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_Orphans_AreAdoptedWithAReplicationControllerReference()
    {
        var orphan = Stored(ReplicaSetReconcilerTests.Pod("a", null, readySince: Start));

        var sync = await Reconciler.SyncAsync(Rc(1), [orphan], Start);

        var owner = ControllerRefs.ControllerOf(Assert.Single(sync.Pods));
        Assert.Equal(("ReplicationController", "uid-web"), (owner!.Kind, owner.Uid));
        Assert.Single(_api.All<Pod>());
    }

    [Fact]
    public async Task Sync_SurplusPods_DeletesThem()
    {
        var rc = Rc(1);
        var pods = new[] { "a", "b", "c" }.Select(n => Stored(ControllerRefs.Adopted(ReplicaSetReconcilerTests.Pod(n, null, readySince: Start), rc))).ToList();

        await Reconciler.SyncAsync(rc, pods, Start);

        Assert.Equal(2, _api.Calls.Count(c => c.StartsWith("delete Pod", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sync_StatusUnchanged_WritesNoStatus()
    {
        var rc = Rc(1);
        var pod = Stored(ControllerRefs.Adopted(ReplicaSetReconcilerTests.Pod("a", null, readySince: Start), rc));
        rc = rc with { Status = new ReplicationControllerStatus { Replicas = 1, FullyLabeledReplicas = 1, ReadyReplicas = 1, AvailableReplicas = 1, ObservedGeneration = 2 } };

        var sync = await Reconciler.SyncAsync(rc, [pod], Start);

        Assert.Same(rc, sync.ReplicationController);
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("status", StringComparison.Ordinal));
    }
}
