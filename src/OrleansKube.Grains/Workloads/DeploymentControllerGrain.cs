using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;

namespace OrleansKube.Grains.Workloads;

/// <summary>The Deployment controller of one Deployment: its ReplicaSets as they report, and <see cref="DeploymentReconciler"/>.</summary>
public sealed class DeploymentControllerGrain(SimulationClock clock, ILogger<DeploymentControllerGrain> logger)
    : ControllerGrainBase<Deployment, ReplicaSet>(clock, logger), IDeploymentControllerGrain
{
    protected override KindInfo ChildKind => Kinds.ReplicaSet;

    protected override string Component => "deployment-controller";

    protected override LabelSelector? SelectorOf(Deployment workload) => workload.Spec?.Selector;

    protected override async Task<(Deployment, DateTimeOffset?)> ReconcileAsync(Deployment workload)
    {
        // Only Recreate asks how many pods the old sets still have.
        var pods = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!RolloutMath.IsRollingUpdate(workload))
        {
            foreach (var rs in Children.Values)
            {
                pods[rs.Metadata.Name!] = await GrainFactory.Get<IReplicaSetControllerGrain>(ObjectKey.Of(rs).ToString()).CountPodsAsync();
            }
        }

        var sync = await new DeploymentReconciler(Control).SyncAsync(workload, Children.Values, rs => pods.GetValueOrDefault(rs.Metadata.Name!), Time.GetUtcNow());
        RefreshView(sync.ReplicaSets);
        return (sync.Deployment, sync.RequeueAt);
    }
}
