using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.Disruption;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Policy;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The disruption controller of one PodDisruptionBudget: like the endpoints controller it follows the pods its selector
/// matches (<see cref="SelectedPodsControllerGrainBase{TWorkload}"/>), and keeps the budget's status with <see cref="DisruptionReconciler"/>.
/// For maxUnavailable and percentages it reads the pods' controllers' scale (a ReplicaSet's, or its Deployment's, or a StatefulSet's) each pass.
/// </summary>
public sealed class DisruptionControllerGrain(SimulationClock clock, ILogger<DisruptionControllerGrain> logger)
    : SelectedPodsControllerGrainBase<PodDisruptionBudget>(clock, logger), IDisruptionControllerGrain
{
    protected override string Component => "controllermanager";

    protected override LabelSelector? SelectorOf(PodDisruptionBudget workload) => workload.Spec?.Selector;

    protected override async Task<(PodDisruptionBudget, DateTimeOffset?)> ReconcileAsync(PodDisruptionBudget workload)
    {
        var selector = LabelSelectors.ToSelector(SelectorOf(workload));
        // A null or empty selector selects nothing (as the eviction subresource reads it): nothing to watch.
        var text = selector.IsEverything || selector == Selector.Nothing ? null : selector.ToString();
        var pods = await SelectedPodsAsync(text, selector);
        var scales = DisruptionReconciler.NeedsScale(workload.Spec) ? await ScalesAsync(pods) : [];
        return await new DisruptionReconciler(Control).SyncAsync(workload, pods, p => ControllerRefs.ControllerOf(p) is { } owner ? scales.GetValueOrDefault(owner.Uid) : null, Time.GetUtcNow());
    }

    protected override async Task OnWorkloadDeletedAsync(PodDisruptionBudget deleted)
    {
        await StopWatchingAsync();
        await base.OnWorkloadDeletedAsync(deleted);
    }

    /// <summary>Upstream's finders: a ReplicaSet's pods count by its Deployment's replicas when one controls it, else by its own; a ReplicationController's and a StatefulSet's by their replicas.</summary>
    private async Task<Dictionary<string, ControllerScale>> ScalesAsync(IEnumerable<Pod> pods)
    {
        var scales = new Dictionary<string, ControllerScale>(StringComparer.Ordinal);
        foreach (var owner in pods.Select(ControllerRefs.ControllerOf).OfType<OwnerReference>().DistinctBy(o => o.Uid))
        {
            if (owner.Kind == Kinds.ReplicationController.Kind)
            {
                if (await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.ReplicationController, Key.Namespace, owner.Name)).GetAsync() is ReplicationController rc && rc.Metadata.Uid == owner.Uid)
                {
                    scales[owner.Uid] = new ControllerScale(rc.Metadata.Uid!, rc.Spec?.Replicas ?? 1);
                }

                continue;
            }

            if (owner.Kind == Kinds.StatefulSet.Kind)
            {
                if (await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.StatefulSet, Key.Namespace, owner.Name)).GetAsync() is StatefulSet set && set.Metadata.Uid == owner.Uid)
                {
                    scales[owner.Uid] = new ControllerScale(set.Metadata.Uid!, set.Spec?.Replicas ?? 1);
                }

                continue;
            }

            if (owner.Kind != Kinds.ReplicaSet.Kind
                || await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.ReplicaSet, Key.Namespace, owner.Name)).GetAsync() is not ReplicaSet rs
                || rs.Metadata.Uid != owner.Uid)
            {
                continue;
            }

            if (ControllerRefs.ControllerOf(rs) is { Kind: "Deployment" } deploymentRef)
            {
                if (await ObjectStore.For(GrainFactory, ObjectKey.For(Kinds.Deployment, Key.Namespace, deploymentRef.Name)).GetAsync() is Deployment deployment
                    && deployment.Metadata.Uid == deploymentRef.Uid)
                {
                    scales[owner.Uid] = new ControllerScale(deployment.Metadata.Uid!, deployment.Spec?.Replicas ?? 1);
                }

                continue;
            }

            scales[owner.Uid] = new ControllerScale(rs.Metadata.Uid!, rs.Spec?.Replicas ?? 1);
        }

        return scales;
    }
}
