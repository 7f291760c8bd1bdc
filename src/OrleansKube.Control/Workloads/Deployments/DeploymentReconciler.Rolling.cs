using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>
/// RollingUpdate: grow the new ReplicaSet while all pods stay within replicas + maxSurge; shrink the old ones
/// (unhealthy pods first) while available pods stay at or above replicas − maxUnavailable.
/// </summary>
public sealed partial class DeploymentReconciler
{
    private async Task RolloutRollingAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(create: true);
        if (newRs is not null && await ReconcileNewReplicaSetAsync(newRs))
        {
            SyncRolloutStatus(Current(newRs));
            return;
        }

        if (await ReconcileOldReplicaSetsAsync(newRs is null ? null : Current(newRs)))
        {
            SyncRolloutStatus(newRs is null ? null : Current(newRs));
            return;
        }

        if (DeploymentConditions.IsComplete(_d, _d.Status))
        {
            await CleanupAsync([.. oldSets.Select(Current)]);
        }

        SyncRolloutStatus(newRs is null ? null : Current(newRs));
    }

    private async Task<bool> ReconcileNewReplicaSetAsync(ReplicaSet newRs)
    {
        var replicas = RolloutMath.Replicas(_d);
        var current = newRs.Spec?.Replicas ?? 0;
        if (current == replicas)
        {
            return false;
        }

        if (current > replicas)
        {
            return await ScaleReplicaSetAsync(newRs, replicas);
        }

        return await ScaleReplicaSetAsync(newRs, RolloutMath.NewReplicaSetReplicas(_d, _sets, newRs));
    }

    private async Task<bool> ReconcileOldReplicaSetsAsync(ReplicaSet? newRs)
    {
        var oldSets = _sets.Where(rs => newRs is null || rs.Metadata.Name != newRs.Metadata.Name).ToList();
        if (oldSets.Sum(rs => rs.Spec?.Replicas ?? 0) == 0)
        {
            return false; // nothing left to scale down
        }

        var allPods = _sets.Sum(rs => rs.Spec?.Replicas ?? 0);
        var minAvailable = RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d);
        var newUnavailable = (newRs?.Spec?.Replicas ?? 0) - (newRs?.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // Unhealthy old pods go first: removing them costs no availability.
        var cleaned = await CleanupUnhealthyReplicasAsync(Active(oldSets).ToList(), maxScaledDown);
        var scaledDown = await ScaleDownOldReplicaSetsAsync(newRs);
        return cleaned + scaledDown > 0;
    }

    private async Task<int> CleanupUnhealthyReplicasAsync(List<ReplicaSet> oldSets, int maxCleanup)
    {
        var total = 0;
        foreach (var rs in ByCreation(oldSets))
        {
            if (total >= maxCleanup)
            {
                break;
            }

            var replicas = rs.Spec?.Replicas ?? 0;
            var available = rs.Status?.AvailableReplicas ?? 0;
            if (replicas == 0 || replicas == available)
            {
                continue;
            }

            var count = Math.Min(maxCleanup - total, replicas - available);
            await ScaleReplicaSetAsync(rs, replicas - count);
            total += count;
        }

        return total;
    }

    private async Task<int> ScaleDownOldReplicaSetsAsync(ReplicaSet? newRs)
    {
        var minAvailable = RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d);
        var available = _sets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        if (available <= minAvailable)
        {
            return 0;
        }

        var toScaleDown = available - minAvailable;
        var total = 0;
        foreach (var rs in ByCreation(_sets.Where(rs => newRs is null || rs.Metadata.Name != newRs.Metadata.Name).ToList()))
        {
            if (total >= toScaleDown)
            {
                break;
            }

            var replicas = rs.Spec?.Replicas ?? 0;
            if (replicas == 0)
            {
                continue;
            }

            var count = Math.Min(replicas, toScaleDown - total);
            await ScaleReplicaSetAsync(rs, replicas - count);
            total += count;
        }

        return total;
    }
}
