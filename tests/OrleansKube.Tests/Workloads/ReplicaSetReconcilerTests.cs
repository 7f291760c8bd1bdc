using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.ReplicaSets;

namespace OrleansKube.Tests.Workloads;

public class ReplicaSetReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);
    private readonly ControllerExpectations _expectations = new();

    private ReplicaSetReconciler Reconciler => new(_api, _expectations);

    internal static ReplicaSet Rs(int replicas, int minReadySeconds = 0) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "uid-web", Generation = 2 },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web", ["tier"] = "front" } },
                Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }] },
            },
        },
    };

    internal static Pod Pod(string name, ReplicaSet? owner, string? node = "n1", PodPhase phase = PodPhase.Running, DateTimeOffset? readySince = null,
        int restarts = 0, DateTimeOffset? created = null, Dictionary<string, string>? labels = null, string? cost = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "default",
            Uid = "uid-" + name,
            CreationTimestamp = created ?? Start,
            Labels = labels ?? new() { ["app"] = "web", ["tier"] = "front" },
            Annotations = cost is null ? null : new() { [ActivePodRanking.DeletionCostAnnotation] = cost },
            OwnerReferences = owner is null ? null : [ControllerRefs.For(owner)],
        },
        Spec = new PodSpec { NodeName = node },
        Status = new PodStatus
        {
            Phase = phase,
            Conditions = readySince is { } since ? [new PodCondition { Type = "Ready", Status = ConditionStatus.True, LastTransitionTime = since }] : null,
            ContainerStatuses = [new ContainerStatus { Name = "c", RestartCount = restarts }],
        },
    };

    [Fact]
    public void PassNeeded_ABindOrAStatusOnTheWayToRunning_NeedsNoPass_ReadinessPhaseLabelsOwnersAndDeletionDo()
    {
        var rs = Rs(1);
        var pending = Pod("a", rs, node: null, phase: PodPhase.Pending);
        var bound = pending with { Spec = pending.Spec with { NodeName = "n1" }, Status = pending.Status! with { PodIP = "10.0.0.1" } };
        var running = bound with { Status = bound.Status! with { Phase = PodPhase.Running } };
        var ready = Pod("a", rs, phase: PodPhase.Running, readySince: Start);

        Assert.False(ReplicaSetReconciler.PassNeeded(pending, bound));
        Assert.True(ReplicaSetReconciler.PassNeeded(bound, running));
        Assert.True(ReplicaSetReconciler.PassNeeded(running, ready));
        Assert.True(ReplicaSetReconciler.PassNeeded(ready, Pod("a", rs, phase: PodPhase.Running, readySince: Start.AddSeconds(5))));
        Assert.False(ReplicaSetReconciler.PassNeeded(ready, Pod("a", rs, phase: PodPhase.Running, readySince: Start, restarts: 1)));
        Assert.True(ReplicaSetReconciler.PassNeeded(ready, Pod("a", rs, phase: PodPhase.Running, readySince: Start, labels: new() { ["app"] = "web" })));
        Assert.True(ReplicaSetReconciler.PassNeeded(ready, Pod("a", null, phase: PodPhase.Running, readySince: Start)));
        Assert.True(ReplicaSetReconciler.PassNeeded(ready, ready with { Metadata = ready.Metadata with { DeletionTimestamp = Start } }));
    }

    [Fact]
    public async Task Sync_MissingPods_CreatesThemFromTheTemplateOwnedByTheReplicaSet()
    {
        var rs = Rs(3);

        await Reconciler.SyncAsync(rs, [], Start);

        var pods = _api.All<Pod>().ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal("front", p.Metadata.Labels!["tier"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences!);
            Assert.Equal(("ReplicaSet", "web", "uid-web", true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        });
        Assert.Equal(3, _api.Events.Count(e => e.StartsWith("Normal SuccessfulCreate Created pod: web-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Batches_DoubleFromOne()
    {
        Assert.Equal([1, 2, 4, 8, 5], SlowStart.Batches(20));
        Assert.Equal([1], SlowStart.Batches(1));
        Assert.Empty(SlowStart.Batches(0));
    }

    [Fact]
    public async Task Sync_ManyReplicas_CreatesEachSlowStartBatchInOneCall()
    {
        await Reconciler.SyncAsync(Rs(20), [], Start);

        Assert.Equal([1, 2, 4, 8, 5], _api.Batches);
        Assert.Equal(20, _api.All<Pod>().Count());
        Assert.Equal(20, _api.Events.Count(e => e.StartsWith("Normal SuccessfulCreate", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sync_CreatesFailing_StopsAfterTheFirstFailingBatchAndReportsReplicaFailure()
    {
        // Batches of 1, 2, 4: the second create fails, so the batch of 4 is never tried.
        _api.FailCreatesFrom = 2;

        var sync = await Reconciler.SyncAsync(Rs(10), [], Start);

        Assert.Equal(3, _api.Calls.Count(c => c.StartsWith("create", StringComparison.Ordinal)));
        Assert.Equal([1, 2], _api.Batches);
        Assert.Single(_api.All<Pod>());
        Assert.Contains("Warning FailedCreate Error creating: quota exceeded", _api.Events);
        var failure = Assert.Single(sync.ReplicaSet.Status!.Conditions!);
        Assert.Equal(("ReplicaFailure", ConditionStatus.True, "FailedCreate", "quota exceeded"), (failure.Type, failure.Status, failure.Reason, failure.Message));

        // Failed and skipped creates are not waited for: only the one that went through is.
        Assert.Equal(1, _expectations.PendingCreations);

        // A failed pass is tried again, as upstream's work queue requeues an error: at once, which the controller's
        // rate limiter turns into its back-off (5 ms doubling), whether or not the status changed.
        Assert.Equal(Start, sync.RequeueAt);
    }

    [Fact]
    public async Task Sync_LaggingViewOfItsOwnCreates_DoesNotCreateTwice()
    {
        var rs = Rs(3);
        await Reconciler.SyncAsync(rs, [], Start);

        // The pods' notifications have not arrived: the view still holds none.
        await Reconciler.SyncAsync(rs, [], Start.AddSeconds(1));
        Assert.Equal(3, _api.All<Pod>().Count());

        // Observed, one went away meanwhile: a replacement is made.
        foreach (var _ in _api.All<Pod>())
        {
            _expectations.CreationObserved();
        }

        var remaining = _api.All<Pod>().Take(2).ToList();
        await Reconciler.SyncAsync(rs, remaining, Start.AddSeconds(2));
        Assert.Equal(4, _api.All<Pod>().Count());
    }

    [Fact]
    public async Task Sync_ExpectationsNeverObserved_ExpireAfterFiveMinutes()
    {
        var rs = Rs(2);
        await Reconciler.SyncAsync(rs, [], Start);

        await Reconciler.SyncAsync(rs, [], Start + ControllerExpectations.Timeout);
        Assert.Equal(2, _api.All<Pod>().Count());

        await Reconciler.SyncAsync(rs, [], Start + ControllerExpectations.Timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(4, _api.All<Pod>().Count());
    }

    [Fact]
    public async Task Sync_ThousandsMissing_CreatesAtMostABurstPerPass()
    {
        await Reconciler.SyncAsync(Rs(1200), [], Start);

        Assert.Equal(ReplicaSetReconciler.BurstReplicas, _api.All<Pod>().Count());
    }

    [Fact]
    public async Task Sync_TerminatingAndFinishedPods_AreNotCountedAndAreReplaced()
    {
        var rs = Rs(2);
        var terminating = Pod("a", rs) with { Metadata = Pod("a", rs).Metadata with { DeletionTimestamp = Start } };
        var failed = Pod("b", rs, phase: PodPhase.Failed);

        var sync = await Reconciler.SyncAsync(rs, [terminating, failed], Start);

        Assert.Equal(2, _api.All<Pod>().Count());
        Assert.Equal(0, sync.ReplicaSet.Status!.Replicas);
    }

    [Fact]
    public async Task Sync_MatchingOrphan_IsAdoptedAndCounted()
    {
        var rs = Rs(1);
        _api.Put(Pod("orphan", owner: null));

        await Reconciler.SyncAsync(rs, [Pod("orphan", owner: null)], Start);

        var adopted = _api.Get<Pod>("orphan");
        Assert.True(ControllerRefs.IsControlledBy(adopted, rs));
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_OrphanOwnedByAnotherController_IsLeftAlone()
    {
        var rs = Rs(1);
        var other = Rs(1) with { Metadata = new ObjectMeta { Name = "other", Uid = "uid-other" } };

        await Reconciler.SyncAsync(rs, [Pod("theirs", other)], Start);

        Assert.Single(_api.All<Pod>());
        Assert.DoesNotContain(_api.Calls, c => c == "update Pod theirs");
    }

    [Fact]
    public async Task Sync_PodRelabelledOutOfTheSelector_IsReleasedAndReplaced()
    {
        var rs = Rs(1);
        var stray = _api.Put(Pod("stray", rs, labels: new() { ["app"] = "debug" }));

        await Reconciler.SyncAsync(rs, [stray], Start);

        Assert.Null(_api.Get<Pod>("stray").Metadata.OwnerReferences);
        Assert.Equal(2, _api.All<Pod>().Count());
    }

    [Fact]
    public async Task Sync_Status_CountsLabelledReadyAndAvailablePodsAndRequeuesForMinReadySeconds()
    {
        var rs = Rs(3, minReadySeconds: 10);
        var now = Start.AddSeconds(30);
        var pods = new[]
        {
            Pod("old-ready", rs, readySince: Start),
            Pod("just-ready", rs, readySince: now.AddSeconds(-4)),
            Pod("not-ready", rs, labels: new() { ["app"] = "web" }),
        };

        var sync = await Reconciler.SyncAsync(rs, pods, now);

        var status = sync.ReplicaSet.Status!;
        Assert.Equal((3, 2, 2, 1, 2L), (status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas, status.ObservedGeneration));
        Assert.Equal(now.AddSeconds(6), sync.RequeueAt);
    }

    [Fact]
    public async Task Sync_UnchangedStatus_IsNotWrittenAgain()
    {
        var rs = Rs(1);
        var pod = Pod("a", rs, readySince: Start);
        var first = await Reconciler.SyncAsync(rs, [pod], Start);

        _api.Calls.Clear();
        await Reconciler.SyncAsync(first.ReplicaSet, [pod], Start.AddSeconds(1));

        Assert.Empty(_api.Calls);
    }

    public sealed record RankCase(string Sentence, Pod First, Pod Second)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RankCase> RankCases()
    {
        var rs = Rs(1);
        var t = Start.AddHours(-10);
        return
        [
            new RankCase("an unassigned pod goes before an assigned one", Pod("a", rs, node: null, phase: PodPhase.Pending), Pod("b", rs)),
            new RankCase("a Pending pod goes before a Running one", Pod("a", rs, phase: PodPhase.Pending), Pod("b", rs)),
            new RankCase("an Unknown pod goes before a Running one", Pod("a", rs, phase: PodPhase.Unknown), Pod("b", rs)),
            new RankCase("a not ready pod goes before a ready one", Pod("a", rs), Pod("b", rs, readySince: t)),
            new RankCase("a lower deletion cost goes first", Pod("a", rs, readySince: t, cost: "-5"), Pod("b", rs, readySince: t)),
            new RankCase("a pod doubled up on its node goes first", Pod("a", rs, node: "crowded", readySince: t), Pod("b", rs, node: "alone", readySince: t)),
            new RankCase("the more recently ready goes first", Pod("a", rs, readySince: Start.AddSeconds(-10)), Pod("b", rs, readySince: t)),
            new RankCase("more restarts go first", Pod("a", rs, readySince: t, restarts: 4), Pod("b", rs, readySince: t, restarts: 1)),
            new RankCase("the newer goes first", Pod("a", rs, readySince: t, created: Start.AddSeconds(-5)), Pod("b", rs, readySince: t, created: t)),
        ];
    }

    [Theory]
    [MemberData(nameof(RankCases))]
    public async Task Sync_ScaleDown_DeletesInUpstreamOrder(RankCase c)
    {
        var rs = Rs(1);
        var pods = new List<Pod> { c.Second, c.First };
        if (c.Sentence.Contains("doubled", StringComparison.Ordinal))
        {
            // Another pod of the set shares the first's node; it is ranked like the second, so only the first can go.
            pods.Add(Pod("c", rs, node: "crowded", readySince: Start.AddHours(-20)));
            rs = Rs(2);
        }

        await Reconciler.SyncAsync(rs, pods, Start);

        Assert.Equal(["delete Pod a"], _api.Calls.Where(x => x.StartsWith("delete", StringComparison.Ordinal)));
        Assert.Contains("Normal SuccessfulDelete Deleted pod: a", _api.Events);
    }

    [Fact]
    public async Task Sync_ScaleDownWhileTheViewLags_DeletesOnlyOnce()
    {
        var rs = Rs(1);
        var pods = new[] { Pod("a", rs), Pod("b", rs), Pod("c", rs) };

        await Reconciler.SyncAsync(rs, pods, Start);
        await Reconciler.SyncAsync(rs, pods, Start.AddSeconds(1));

        Assert.Equal(2, _api.Calls.Count(c => c.StartsWith("delete", StringComparison.Ordinal)));
        Assert.Equal(2, _expectations.PendingDeletions);
    }
}
