using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.ReplicationControllers;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The replication manager of one ReplicationController: as <see cref="ReplicaSetControllerGrain"/>, its pods as they
/// report and <see cref="ReplicationControllerReconciler"/> (the ReplicaSet controller's pass on the RC's ReplicaSet view).
/// </summary>
public sealed class ReplicationManagerGrain(SimulationClock clock, ILogger<ReplicationManagerGrain> logger)
    : ControllerGrainBase<ReplicationController, Pod>(clock, logger), IReplicationManagerGrain
{
    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "replication-controller";

    protected override LabelSelector? SelectorOf(ReplicationController workload) =>
        workload.Spec?.Selector is { } labels ? new LabelSelector { MatchLabels = labels } : null;

    protected override async Task<(ReplicationController, DateTimeOffset?)> ReconcileAsync(ReplicationController workload)
    {
        var active = 0;
        foreach (var pod in Children.Values)
        {
            active += ControllerRefs.IsControlledBy(pod, workload) && PodStates.IsActive(pod) ? 1 : 0;
        }

        if (active > (workload.Spec?.Replicas ?? 1))
        {
            // A scale-down ranks the pods by node and phase, which their binds and first statuses did not notify.
            await RelistChildrenAsync(workload);
        }

        var sync = await new ReplicationControllerReconciler(Control, Expectations).SyncAsync(workload, Children.Values, Time.GetUtcNow());
        RefreshView(sync.Pods);
        return (sync.ReplicationController, sync.RequeueAt);
    }
}
