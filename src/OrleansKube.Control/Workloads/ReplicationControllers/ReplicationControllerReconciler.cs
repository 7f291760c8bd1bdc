using OrleansKube.Control.Workloads.ReplicaSets;

namespace OrleansKube.Control.Workloads.ReplicationControllers;

/// <summary>
/// One pass of the replication manager: upstream runs ReplicationControllers with the ReplicaSet controller's code, so
/// this is <see cref="ReplicaSetReconciler"/> on the RC's ReplicaSet view, with the pods owned by the RC and the status
/// written back as the RC's.
/// </summary>
public sealed class ReplicationControllerReconciler(IObjectControl control, ControllerExpectations expectations)
{
    public async Task<(ReplicationController ReplicationController, IReadOnlyList<Pod> Pods, DateTimeOffset? RequeueAt)> SyncAsync(
        ReplicationController rc, IReadOnlyCollection<Pod> pods, DateTimeOffset now)
    {
        var view = ReplicationControllerAdapter.ToReplicaSet(rc);
        var pass = await new ReplicaSetReconciler(control, expectations).SyncPodsAsync(rc, view, pods, now);
        var stored = rc;
        if (!StatusComparison.Same(view.Status, pass.Status))
        {
            stored = (ReplicationController)await control.UpdateStatusAsync(rc with { Status = ReplicationControllerAdapter.ToStatus(pass.Status) });
        }

        return (stored, pass.Pods, pass.RequeueAt);
    }
}
