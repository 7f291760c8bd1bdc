namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>Recreate: scale every old ReplicaSet to zero, wait until none of their pods runs, then scale the new one up.</summary>
public sealed partial class DeploymentReconciler
{
    private async Task RolloutRecreateAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(create: false);
        var scaledDown = false;
        foreach (var rs in Active(oldSets).ToList())
        {
            scaledDown |= await ScaleReplicaSetAsync(rs, 0);
        }

        if (scaledDown)
        {
            SyncRolloutStatus(newRs);
            return;
        }

        if (oldSets.Any(rs => (Current(rs).Status?.Replicas ?? 0) > 0 || _podsOf(rs) > 0))
        {
            SyncRolloutStatus(newRs);
            return;
        }

        if (newRs is null)
        {
            (newRs, _) = await GetAllReplicaSetsAsync(create: true);
        }

        if (newRs is not null)
        {
            await ScaleReplicaSetAsync(newRs, RolloutMath.Replicas(_d));
            newRs = Current(newRs);
        }

        if (DeploymentConditions.IsComplete(_d, _d.Status))
        {
            await CleanupAsync([.. oldSets.Select(Current)]);
        }

        SyncRolloutStatus(newRs);
    }
}
