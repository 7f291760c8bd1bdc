using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.ReplicaSets;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;

namespace OrleansKube.Grains.Workloads;

/// <summary>The ReplicaSet controller of one ReplicaSet: its pods as they report, its expectations, and <see cref="ReplicaSetReconciler"/>.</summary>
[Scheduling.NamespaceSlotPlacement] // with its namespace's watch cache partition, when caches are partitioned (its pods start beside it)
public sealed class ReplicaSetControllerGrain(SimulationClock clock, ILogger<ReplicaSetControllerGrain> logger)
    : ControllerGrainBase<ReplicaSet, Pod>(clock, logger), IReplicaSetControllerGrain
{
    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "replicaset-controller";

    public Task<int> CountPodsAsync() => Task.FromResult(Children.Values.Count(p => Workload is { } rs && ControllerRefs.IsControlledBy(p, rs) && !PodStates.IsTerminal(p)));

    protected override LabelSelector? SelectorOf(ReplicaSet workload) => workload.Spec?.Selector;

    protected override async Task<(ReplicaSet, DateTimeOffset?)> ReconcileAsync(ReplicaSet workload)
    {
        if (ActiveSeen(workload) > (workload.Spec?.Replicas ?? 1))
        {
            // A scale-down ranks the pods by node and phase, which their binds and first statuses did not notify.
            await RelistChildrenAsync(workload);
        }

        var sync = await new ReplicaSetReconciler(Control, Expectations).SyncAsync(workload, Children.Values, Time.GetUtcNow());
        RefreshView(sync.Pods);
        return (sync.ReplicaSet, sync.RequeueAt);
    }

    private int ActiveSeen(ReplicaSet rs)
    {
        var active = 0;
        foreach (var pod in Children.Values)
        {
            active += ControllerRefs.IsControlledBy(pod, rs) && PodStates.IsActive(pod) ? 1 : 0;
        }

        return active;
    }

    protected override void OnChildGone(string name)
    {
        base.OnChildGone(name);

        // Recreate waits for the last pod of its old sets to go: the deployment is told when one does.
        if (Workload is { Spec.Replicas: 0 } rs && ControllerRefs.ControllerOf(rs) is { Kind: "Deployment" } owner)
        {
            ControllerGrains.For(GrainFactory, owner.Kind, Key.Namespace, owner.Name)!.SyncAsync().Ignore();
        }
    }
}
