namespace OrleansKube.Control.Kubelet;

/// <summary>Pod statuses outside a pod's runtime: admission's refusal, and condition edits (the runtime is <see cref="PodRuntime"/>).</summary>
public static class KubeletStatus
{
    /// <summary>Refused by admission: Failed with the reason (<c>OutOfcpu</c>) and message.</summary>
    public static PodStatus Rejected(Pod pod, string reason, string message, DateTimeOffset now) =>
        (pod.Status ?? new PodStatus()) with
        {
            Phase = PodPhase.Failed,
            Reason = reason,
            Message = message,
            StartTime = now,
        };

    /// <summary>A copy of <paramref name="status"/> with <paramref name="condition"/> replacing any condition of its type.</summary>
    public static PodStatus WithCondition(PodStatus? status, PodCondition condition) =>
        (status ?? new PodStatus()) with { Conditions = [.. (status?.Conditions ?? []).Where(c => c.Type != condition.Type), condition] };

    public static PodCondition Condition(string type, ConditionStatus status, DateTimeOffset now, string? reason = null, string? message = null) =>
        new() { Type = type, Status = status, LastTransitionTime = now, Reason = reason, Message = message };
}
