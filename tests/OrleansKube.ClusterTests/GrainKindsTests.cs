using OrleansKube.Grains.Objects;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.ClusterTests;

/// <summary>The grain-side registration of every kind: the store, the controllers and the collector read only it.</summary>
public sealed class GrainKindsTests
{
    [Fact]
    public void All_EveryKindTheApiServes_IsRegisteredOnceWithItsKindInfo()
    {
        Assert.Equal(Kinds.All, GrainKinds.All.Select(k => k.Info));
        Assert.All(Kinds.All, kind => Assert.Same(kind, GrainKinds.Get(kind.Kind).Info));
    }

    [Fact]
    public void Controlled_AreTheWorkloadsServicesDisruptionBudgetsAndClaims()
    {
        Assert.Equal(
            new[] { "CronJob", "DaemonSet", "Deployment", "HorizontalPodAutoscaler", "Job", "PersistentVolumeClaim", "PodDisruptionBudget", "ReplicaSet", "ReplicationController", "Service", "StatefulSet" },
            ControllerGrains.ControlledKinds.Select(k => k.Kind).Order(StringComparer.Ordinal));
        Assert.False(ControllerGrains.HasController("Pod"));
        Assert.Null(ControllerGrains.For(null!, "Gadget", "default", "g"));
    }

    [Theory]
    [InlineData("Event", "default", true)]
    [InlineData("Lease", "kube-node-lease", true)]
    [InlineData("Lease", "kube-system", false)]
    [InlineData("Pod", "default", false)]
    public void IndexResident_EventsAndNodeLeasesOnly(string kind, string ns, bool resident) =>
        Assert.Equal(resident, GrainKinds.Get(kind).IndexResident(new ObjectKey(kind, ns, "x")));

    [Fact]
    public void OwnsDependents_AllButPodsEventsNodesAutoscalersAndRevisions() =>
        Assert.Equal(
            new[] { "ControllerRevision", "Event", "HorizontalPodAutoscaler", "Node", "Pod" },
            GrainKinds.All.Where(k => !k.OwnsDependents).Select(k => k.Info.Kind).Order(StringComparer.Ordinal));
}
