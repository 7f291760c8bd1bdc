using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>Deployment conditions, reasons and messages as upstream's deployment util words them.</summary>
public static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string ReplicaSetCreateError = "ReplicaSetCreateError";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    // A loop, not FirstOrDefault: a closure per look, several looks per pass.
    public static DeploymentCondition? Get(DeploymentStatus? status, string type)
    {
        foreach (var condition in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(status?.Conditions))
        {
            if (condition.Type == type)
            {
                return condition;
            }
        }

        return null;
    }

    public static DeploymentCondition New(string type, ConditionStatus status, string reason, string message, DateTimeOffset now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };

    /// <summary>SetDeploymentCondition: the same status and reason change nothing; the same status keeps its transition time.</summary>
    public static void Set(DeploymentStatus status, DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void Remove(DeploymentStatus status, string type)
    {
        if (status.Conditions is { } conditions)
        {
            var remaining = conditions.Where(c => c.Type != type).ToList();
            status.Conditions = remaining.Count == 0 ? null : remaining;
        }
    }

    public static bool HasProgressDeadline(Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } seconds && seconds != int.MaxValue;

    /// <summary>Every replica updated and available, and the latest generation observed.</summary>
    public static bool IsComplete(Deployment d, DeploymentStatus? status)
    {
        var replicas = RolloutMath.Replicas(d);
        return status is not null && status.UpdatedReplicas == replicas && status.Replicas == replicas && status.AvailableReplicas == replicas
            && status.ObservedGeneration >= d.Metadata.Generation;
    }

    /// <summary>Progress since <paramref name="old"/>: more updated, ready or available replicas, or fewer old ones.</summary>
    public static bool IsProgressing(DeploymentStatus? old, DeploymentStatus current)
    {
        var oldOld = (old?.Replicas ?? 0) - (old?.UpdatedReplicas ?? 0);
        var newOld = (current.Replicas ?? 0) - (current.UpdatedReplicas ?? 0);
        return (current.UpdatedReplicas ?? 0) > (old?.UpdatedReplicas ?? 0) || newOld < oldOld
            || (current.ReadyReplicas ?? 0) > (old?.ReadyReplicas ?? 0) || (current.AvailableReplicas ?? 0) > (old?.AvailableReplicas ?? 0);
    }

    /// <summary>No progress reported within progressDeadlineSeconds of the Progressing condition's last update.</summary>
    public static bool IsTimedOut(Deployment d, DeploymentStatus? status, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d) || Get(status, Progressing) is not { } condition || condition.Reason == NewReplicaSetAvailable)
        {
            return false;
        }

        return condition.Reason == ProgressDeadlineExceeded
            || (condition.LastUpdateTime is { } from && from + TimeSpan.FromSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) < now);
    }
}
