using OrleansKube.Control.Workloads;
using OrleansKube.Model.Batch;

namespace OrleansKube.Tests.Workloads;

public class StatusComparisonTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReplicaSetStatus ReplicaSet(int ready, string? reason = null, bool emptyConditions = false) => new()
    {
        Replicas = 3,
        ReadyReplicas = ready,
        ObservedGeneration = 2,
        Conditions = reason is not null ? [new ReplicaSetCondition { Type = "ReplicaFailure", Status = ConditionStatus.True, LastTransitionTime = At, Reason = reason }]
            : emptyConditions ? [] : null,
    };

    [Fact]
    public void ReplicaSetStatuses_EqualFieldsAndConditions_AreTheSame_AnyFieldOrConditionDiffering_IsNot()
    {
        Assert.True(StatusComparison.Same(ReplicaSet(2, "FailedCreate"), ReplicaSet(2, "FailedCreate")));
        Assert.False(StatusComparison.Same(ReplicaSet(2), ReplicaSet(3)));
        Assert.False(StatusComparison.Same(ReplicaSet(2, "FailedCreate"), ReplicaSet(2, "FailedDelete")));
        Assert.False(StatusComparison.Same(ReplicaSet(2), ReplicaSet(2, "FailedCreate")));
        Assert.False(StatusComparison.Same(ReplicaSet(2), ReplicaSet(2, emptyConditions: true))); // as their JSON: [] is not absent
        Assert.False(StatusComparison.Same(ReplicaSet(2), null));
        Assert.True(StatusComparison.Same<ReplicaSetStatus>(null, null));
    }

    [Fact]
    public void DeploymentStatuses_ConditionTimes_CompareByTheirInstant()
    {
        DeploymentStatus Status(DateTimeOffset updated) => new()
        {
            Replicas = 3,
            UpdatedReplicas = 3,
            Conditions = [new DeploymentCondition { Type = "Progressing", Status = ConditionStatus.True, LastUpdateTime = updated, LastTransitionTime = At }],
        };

        Assert.True(StatusComparison.Same(Status(At), Status(At.ToOffset(TimeSpan.FromHours(2)))));
        Assert.False(StatusComparison.Same(Status(At), Status(At.AddSeconds(1))));
        Assert.False(StatusComparison.Same(Status(At), Status(At) with { CollisionCount = 1 }));
    }

    [Fact]
    public void StringMaps_SameEntriesInAnyOrder_AreTheSame()
    {
        Assert.True(StatusComparison.Same(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.False(StatusComparison.Same(new Dictionary<string, string> { ["a"] = "1" }, new Dictionary<string, string> { ["a"] = "2" }));
        Assert.False(StatusComparison.Same(new Dictionary<string, string> { ["a"] = "1" }, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
    }

    [Fact]
    public void OtherStatuses_CompareByTheirJson_AsOftenAsAsked()
    {
        JobStatus Status(int succeeded) => new() { Active = 1, Succeeded = succeeded, StartTime = At };

        for (var i = 0; i < 3; i++)
        {
            // The buffers are reused: a comparison never sees what the one before it wrote.
            Assert.True(StatusComparison.Same(Status(2), Status(2)));
            Assert.False(StatusComparison.Same(Status(2), Status(20)));
            Assert.False(StatusComparison.Same<object>(Status(2), new ReplicaSetStatus { Replicas = 1 }));
        }
    }
}
