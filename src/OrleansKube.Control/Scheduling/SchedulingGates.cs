namespace OrleansKube.Control.Scheduling;

/// <summary>
/// Upstream's SchedulingGates pre-enqueue plugin: a pod with any gate left is not considered by the scheduler; it
/// waits with PodScheduled=False (reason SchedulingGated) until updates have removed every gate.
/// </summary>
public static class SchedulingGates
{
    public const string Reason = "SchedulingGated";

    public const string Message = "Scheduling is blocked due to non-empty scheduling gates";

    public static bool IsGated(Pod pod) => pod.Spec.SchedulingGates is { Count: > 0 };

    /// <summary>Whether an update removed the last gate of a pod still waiting for a node: the moment to queue it.</summary>
    public static bool Opened(Pod previous, Pod current) =>
        IsGated(previous) && !IsGated(current) && string.IsNullOrEmpty(current.Spec.NodeName) && current.Metadata.DeletionTimestamp is null;

    public static PodCondition Condition(DateTimeOffset now) =>
        new() { Type = "PodScheduled", Status = ConditionStatus.False, LastTransitionTime = now, Reason = Reason, Message = Message };
}
