using OrleansKube.Control.Kubelet;
using OrleansKube.Control.Nodes;
using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Nodes;

public class NodeLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Node Registered() => KubeletRegistration.Register(new Node { Metadata = new ObjectMeta { Name = "n1" } }, 0, T0);

    [Fact]
    public void Register_AddsTheDeprecatedTwinOfEachWellKnownLabel_AsKubeletsAndCloudProvidersDo()
    {
        var node = new Node
        {
            Metadata = new ObjectMeta
            {
                Name = "n2",
                Labels = new()
                {
                    ["topology.kubernetes.io/zone"] = "zone-a",
                    ["topology.kubernetes.io/region"] = "region-1",
                    ["node.kubernetes.io/instance-type"] = "m5.large",
                    ["beta.kubernetes.io/arch"] = "arm64", // set by its owner: kept
                },
            },
        };

        var labels = KubeletRegistration.Register(node, 1, T0).Metadata.Labels!;
        var bare = Registered().Metadata.Labels!;

        Assert.Equal(("linux", "amd64"), (labels["beta.kubernetes.io/os"], labels["kubernetes.io/arch"]));
        Assert.Equal("arm64", labels["beta.kubernetes.io/arch"]);
        Assert.Equal(("zone-a", "region-1", "m5.large"), (labels["failure-domain.beta.kubernetes.io/zone"], labels["failure-domain.beta.kubernetes.io/region"], labels["beta.kubernetes.io/instance-type"]));
        Assert.Equal(("linux", "amd64"), (bare["beta.kubernetes.io/os"], bare["beta.kubernetes.io/arch"]));
        Assert.False(bare.ContainsKey("failure-domain.beta.kubernetes.io/zone")); // no zone, no twin
    }

    [Theory]
    [InlineData(40, false)]
    [InlineData(40.001, true)]
    public void IsOverdue_AfterTheFortySecondGracePeriod(double secondsSinceRenewal, bool overdue) =>
        Assert.Equal(overdue, NodeLifecycle.IsOverdue(T0, T0 + TimeSpan.FromSeconds(secondsSinceRenewal)));

    [Fact]
    public void MarkUnreachable_SetsEveryKubeletConditionUnknown_AndTaintsTheNode_Once()
    {
        var now = T0 + TimeSpan.FromSeconds(45);
        var marked = NodeLifecycle.MarkUnreachable(Registered(), now)!;

        Assert.All(marked.Status!.Conditions!, c =>
        {
            Assert.Equal(ConditionStatus.Unknown, c.Status);
            Assert.Equal("NodeStatusUnknown", c.Reason);
            Assert.Equal(now, c.LastTransitionTime);
            Assert.Equal(T0, c.LastHeartbeatTime);
        });
        Assert.Equal(
            [(TaintEffect.NoSchedule, now), (TaintEffect.NoExecute, now)],
            marked.Spec!.Taints!.Where(t => t.Key == NodeLifecycle.UnreachableTaint).Select(t => (t.Effect, t.TimeAdded!.Value)));
        Assert.Null(NodeLifecycle.MarkUnreachable(marked, now + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Recovery_KubeletReportsReady_ThenTheTaintsGo()
    {
        var unreachable = NodeLifecycle.MarkUnreachable(Registered(), T0 + TimeSpan.FromSeconds(45))!;
        Assert.Null(NodeLifecycle.MarkReachable(unreachable));

        var later = T0 + TimeSpan.FromMinutes(3);
        var reported = NodeLifecycle.ReportStatus(unreachable, later);
        var ready = reported.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal((ConditionStatus.True, "KubeletReady", later, later), (ready.Status, ready.Reason, ready.LastTransitionTime!.Value, ready.LastHeartbeatTime!.Value));

        var reachable = NodeLifecycle.MarkReachable(reported)!;
        Assert.DoesNotContain(reachable.Spec!.Taints ?? [], t => t.Key == NodeLifecycle.UnreachableTaint);
    }

    private static Node WithTaints(Node node, params (string Key, TaintEffect Effect)[] taints) =>
        node with { Spec = (node.Spec ?? new NodeSpec()) with { Taints = [.. taints.Select(t => new Taint { Key = t.Key, Effect = t.Effect, TimeAdded = T0 })] } };

    [Fact]
    public void MarkReachable_RemovesUnreachableAndNotReadyTaints_KeepingOthers()
    {
        var tainted = WithTaints(
            NodeLifecycle.ReportStatus(Registered(), T0),
            (NodeLifecycle.UnreachableTaint, TaintEffect.NoSchedule), (NodeLifecycle.UnreachableTaint, TaintEffect.NoExecute),
            (NodeLifecycle.NotReadyTaint, TaintEffect.NoSchedule), (NodeLifecycle.NotReadyTaint, TaintEffect.NoExecute),
            ("maintenance", TaintEffect.NoSchedule));

        var reachable = NodeLifecycle.MarkReachable(tainted)!;

        Assert.Equal(["maintenance"], reachable.Spec!.Taints!.Select(t => t.Key));
        Assert.False(NodeLifecycle.HasLifecycleTaints(reachable));
        Assert.Null(NodeLifecycle.MarkReachable(reachable));
    }

    [Fact]
    public void MarkReachable_OnlyNotReadyTaints_LeavesNoTaints()
    {
        var tainted = WithTaints(NodeLifecycle.ReportStatus(Registered(), T0), (NodeLifecycle.NotReadyTaint, TaintEffect.NoExecute));

        Assert.Null(NodeLifecycle.MarkReachable(tainted)!.Spec!.Taints);
    }

    [Fact]
    public void MarkUnreachable_ReplacesNotReadyTaintsWithUnreachable()
    {
        var notReady = WithTaints(Registered(), (NodeLifecycle.NotReadyTaint, TaintEffect.NoSchedule), (NodeLifecycle.NotReadyTaint, TaintEffect.NoExecute), ("maintenance", TaintEffect.NoSchedule));

        var marked = NodeLifecycle.MarkUnreachable(notReady, T0 + TimeSpan.FromSeconds(45))!;

        Assert.Equal(
            [("maintenance", TaintEffect.NoSchedule), (NodeLifecycle.UnreachableTaint, TaintEffect.NoSchedule), (NodeLifecycle.UnreachableTaint, TaintEffect.NoExecute)],
            marked.Spec!.Taints!.Select(t => (t.Key, t.Effect)));
    }

    public sealed record OutdatedCase(string Sentence, Func<Node, Node> Stored, bool MemoryPressure, bool Outdated)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<OutdatedCase> OutdatedCases() =>
    [
        new OutdatedCase("the kubelet's own report is current", n => NodeLifecycle.ReportStatus(n, T0), false, false),
        new OutdatedCase("conditions set Unknown by the controller are not the kubelet's", n => NodeLifecycle.MarkUnreachable(n, T0)!, false, true),
        new OutdatedCase("a node with no conditions has not been reported", n => n with { Status = new NodeStatus() }, false, true),
        new OutdatedCase("memory pressure the stored status does not show", n => NodeLifecycle.ReportStatus(n, T0), true, true),
        new OutdatedCase("memory pressure reported is current", n => NodeLifecycle.ReportStatus(n, T0, memoryPressure: true), true, false),
        new OutdatedCase("unreachable taints alone leave the conditions the kubelet's", n => WithTaints(NodeLifecycle.ReportStatus(n, T0), (NodeLifecycle.UnreachableTaint, TaintEffect.NoExecute)), false, false),
    ];

    [Theory]
    [MemberData(nameof(OutdatedCases))]
    public void StatusOutdated_WhenTheStoredConditionsAreNotTheKubeletsOwn(OutdatedCase c) =>
        Assert.Equal(c.Outdated, NodeLifecycle.StatusOutdated(c.Stored(Registered()), c.MemoryPressure));

    [Fact]
    public void ReportStatus_OfAHealthyNode_MovesOnlyTheHeartbeat()
    {
        var later = T0 + TimeSpan.FromMinutes(5);

        var reported = NodeLifecycle.ReportStatus(Registered(), later);

        Assert.All(reported.Status!.Conditions!, c => Assert.Equal((T0, later), (c.LastTransitionTime!.Value, c.LastHeartbeatTime!.Value)));
    }

    [Fact]
    public void Lease_IsHeldByTheNodeForFortySeconds()
    {
        var lease = NodeLifecycle.Lease("n1", "uid-1", T0);

        Assert.Equal(("kube-node-lease", "n1", "n1", 40, T0), (lease.Metadata.Namespace, lease.Metadata.Name, lease.Spec!.HolderIdentity, lease.Spec.LeaseDurationSeconds!.Value, lease.Spec.RenewTime!.Value));
        Assert.Equal("Node", lease.Metadata.OwnerReferences!.Single().Kind);
    }

    [Fact]
    public void RenewalOffsets_AreStableWholeSlots_SpreadOverTheInterval()
    {
        var offsets = Enumerable.Range(0, 1000).Select(i => NodeLifecycle.RenewalOffset($"node-{i}")).ToList();

        Assert.Equal(offsets, Enumerable.Range(0, 1000).Select(i => NodeLifecycle.RenewalOffset($"node-{i}")));
        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, NodeLifecycle.LeaseRenewInterval - NodeLifecycle.RenewalSlot));
        Assert.All(offsets, o => Assert.Equal(0, o.Ticks % NodeLifecycle.RenewalSlot.Ticks));
        Assert.Equal(40, offsets.Distinct().Count());
    }

    [Fact]
    public void NextRenewal_IsTheNodesPhaseInTheNextInterval_WhateverTheTimeNow()
    {
        var phase = NodeLifecycle.RenewalOffset("n1");
        var intervalStart = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

        var first = NodeLifecycle.NextRenewal("n1", intervalStart + TimeSpan.FromMilliseconds(1));
        var again = NodeLifecycle.NextRenewal("n1", first);
        var late = NodeLifecycle.NextRenewal("n1", first + TimeSpan.FromSeconds(37.3));

        Assert.Equal(phase.Ticks, (first.UtcTicks - intervalStart.UtcTicks) % NodeLifecycle.LeaseRenewInterval.Ticks);
        Assert.Equal(NodeLifecycle.LeaseRenewInterval, again - first);
        Assert.Equal(TimeSpan.FromSeconds(40), late - first);
    }

    public sealed record EvictionCase(string Sentence, Toleration[] Tolerations, double? Allowed)
    {
        public override string ToString() => Sentence;
    }

    private static Toleration Unreachable(long? seconds, TolerationOperator op = TolerationOperator.Exists) =>
        new() { Key = NodeLifecycle.UnreachableTaint, Operator = op, Effect = TaintEffect.NoExecute, TolerationSeconds = seconds };

    public static TheoryData<EvictionCase> EvictionCases() =>
    [
        new EvictionCase("no toleration: evicted at once", [], 0),
        new EvictionCase("tolerated for 300 s", [Unreachable(300)], 300),
        new EvictionCase("tolerated forever", [Unreachable(null)], null),
        new EvictionCase("the shortest of the tolerations used wins", [Unreachable(null), Unreachable(60)], 60),
        new EvictionCase("an empty key with Exists tolerates every taint", [new Toleration { Operator = TolerationOperator.Exists }], null),
        new EvictionCase("a negative tolerationSeconds means at once", [Unreachable(-5)], 0),
        new EvictionCase("a toleration for another taint does not count", [new Toleration { Key = "other", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute }], 0),
    ];

    [Theory]
    [MemberData(nameof(EvictionCases))]
    public void TaintEviction_TimeAllowed(EvictionCase c)
    {
        Taint[] taints = [new() { Key = NodeLifecycle.UnreachableTaint, Effect = TaintEffect.NoExecute }, new() { Key = NodeLifecycle.UnreachableTaint, Effect = TaintEffect.NoSchedule }];

        var allowed = TaintEviction.TimeAllowed(c.Tolerations, taints);

        Assert.Equal(c.Allowed, allowed?.TotalSeconds);
    }

    [Fact]
    public void TaintEviction_NoExecuteFreeNode_AllowsForever() =>
        Assert.Null(TaintEviction.TimeAllowed([], [new Taint { Key = "k", Effect = TaintEffect.NoSchedule }]));

    [Fact]
    public void DefaultTolerations_AddsBothFor300s_UnlessThePodAlreadyTolerates()
    {
        var plain = new Pod { Spec = new PodSpec() };
        DefaultTolerations.Apply(plain);
        Assert.Equal(
            [(DefaultTolerations.NotReadyTaint, 300L), (DefaultTolerations.UnreachableTaint, 300L)],
            plain.Spec.Tolerations!.Select(t => (t.Key!, t.TolerationSeconds!.Value)));

        var own = new Pod { Spec = new PodSpec { Tolerations = [Unreachable(60)] } };
        DefaultTolerations.Apply(own);
        Assert.Equal([60L, 300L], own.Spec.Tolerations!.Select(t => t.TolerationSeconds!.Value));

        var everything = new Pod { Spec = new PodSpec { Tolerations = [new Toleration { Operator = TolerationOperator.Exists }] } };
        DefaultTolerations.Apply(everything);
        Assert.Single(everything.Spec.Tolerations!);

        DefaultTolerations.Apply(plain);
        Assert.Equal(2, plain.Spec.Tolerations!.Count);
    }
}
