using OrleansKube.Control.Namespaces;
using OrleansKube.Model.Batch;

namespace OrleansKube.Tests.Namespaces;

public class NamespaceReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Namespace Terminating(NamespaceStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "shop", DeletionTimestamp = Start },
        Spec = new NamespaceSpec { Finalizers = [NamespaceLifecycle.Finalizer] },
        Status = status ?? new NamespaceStatus { Phase = NamespacePhase.Terminating },
    };

    private static T In<T>(T obj, string name, bool deleting = false, params string[] finalizers)
        where T : KubeObject
    {
        obj.Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "shop",
            DeletionTimestamp = deleting ? Start : null,
            Finalizers = finalizers.Length == 0 ? null : [.. finalizers],
        };
        return obj;
    }

    private static Pod Pod(string name, bool deleting = false) => In(new Pod { Kind = "Pod" }, name, deleting);

    private static NamespaceCondition Condition(NamespacePass pass, string type) => pass.Status.Conditions!.Single(c => c.Type == type);

    [Fact]
    public void Plan_Content_DeletesMakersBeforeWhatTheyMakeAndEventsLast()
    {
        KubeObject[] content =
        [
            In(new Event { Kind = "Event" }, "web.1"),
            Pod("web-1"),
            In(new ConfigMap { Kind = "ConfigMap" }, "settings"),
            In(new ReplicaSet { Kind = "ReplicaSet" }, "web-7d"),
            In(new Deployment { Kind = "Deployment" }, "web"),
            In(new CronJob { Kind = "CronJob" }, "nightly"),
        ];

        var pass = NamespaceReconciler.Plan(Terminating(), content, [], Start);

        Assert.Equal(["nightly", "web", "web-7d", "settings", "web-1", "web.1"], pass.Delete.Select(o => o.Metadata.Name));
        Assert.False(pass.Finalize);
        Assert.Null(pass.RecheckAt); // there is work to do now
    }

    [Fact]
    public void Plan_OnlyContentStillGoing_DeletesNothingAndLooksAgainIn2Seconds()
    {
        var pass = NamespaceReconciler.Plan(Terminating(), [Pod("web-1", deleting: true), Pod("web-2", deleting: true)], [], Start);

        Assert.Empty(pass.Delete);
        Assert.False(pass.Finalize);
        Assert.Equal(Start + NamespaceReconciler.RecheckPeriod, pass.RecheckAt);
        var remaining = Condition(pass, NamespaceReconciler.ContentRemaining);
        Assert.Equal((ConditionStatus.True, "SomeResourcesRemain", "Some resources are remaining: pods. has 2 resource instances"), (remaining.Status, remaining.Reason, remaining.Message));
    }

    [Fact]
    public void Plan_NothingLeft_FinalizesWithEveryConditionFalse()
    {
        var pass = NamespaceReconciler.Plan(Terminating(), [], [], Start);

        Assert.True(pass.Finalize);
        Assert.Empty(pass.Delete);
        Assert.Equal(NamespacePhase.Terminating, pass.Status.Phase);
        Assert.All(pass.Status.Conditions!, c => Assert.Equal(ConditionStatus.False, c.Status));
        Assert.Equal("All content successfully removed", Condition(pass, NamespaceReconciler.ContentRemaining).Message);
        Assert.Equal("ContentDeleted", Condition(pass, NamespaceReconciler.DeletionContentFailure).Reason);
    }

    [Fact]
    public void Plan_RefusedDeletions_ReportsThemAndRetriesAfterTheRecheckPeriod()
    {
        var pass = NamespaceReconciler.Plan(Terminating(), [Pod("web-1")], ["pods \"web-1\": the server was busy"], Start);

        var failure = Condition(pass, NamespaceReconciler.DeletionContentFailure);
        Assert.Equal((ConditionStatus.True, "ContentDeletionFailed", "Failed to delete all resource types, 1 remaining: pods \"web-1\": the server was busy"), (failure.Status, failure.Reason, failure.Message));
        Assert.Equal(["web-1"], pass.Delete.Select(o => o.Metadata.Name));
        Assert.Equal(Start + NamespaceReconciler.RecheckPeriod, pass.RecheckAt); // not in a tight loop
    }

    [Fact]
    public void Plan_ContentHeldByFinalizers_NamesTheFinalizersAndKindsWithTheirGroups()
    {
        KubeObject[] content = [In(new Deployment { Kind = "Deployment" }, "web", deleting: true, "foregroundDeletion"), In(new ReplicaSet { Kind = "ReplicaSet" }, "web-7d", deleting: true, "foregroundDeletion")];

        var pass = NamespaceReconciler.Plan(Terminating(), content, [], Start);

        Assert.Equal("Some resources are remaining: deployments.apps has 1 resource instances, replicasets.apps has 1 resource instances", Condition(pass, NamespaceReconciler.ContentRemaining).Message);
        Assert.Equal("Some content in the namespace has finalizers remaining: foregroundDeletion in 2 resource instances", Condition(pass, NamespaceReconciler.FinalizersRemaining).Message);
    }

    [Fact]
    public void Status_ConditionUnchanged_KeepsItsTransitionTime()
    {
        var first = NamespaceReconciler.Status(null, [Pod("web-1", deleting: true)], [], Start);
        var later = NamespaceReconciler.Status(first, [Pod("web-1", deleting: true)], [], Start.AddSeconds(10));
        var emptied = NamespaceReconciler.Status(later, [], [], Start.AddSeconds(20));

        Assert.Equal(Start, later.Conditions!.Single(c => c.Type == NamespaceReconciler.ContentRemaining).LastTransitionTime);
        Assert.Equal(Start.AddSeconds(20), emptied.Conditions!.Single(c => c.Type == NamespaceReconciler.ContentRemaining).LastTransitionTime);
        Assert.Equal(Start, emptied.Conditions!.Single(c => c.Type == NamespaceReconciler.DeletionContentFailure).LastTransitionTime);
    }
}
