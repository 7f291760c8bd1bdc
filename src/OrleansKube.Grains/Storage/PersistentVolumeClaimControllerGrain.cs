using Microsoft.Extensions.Logging;
using OrleansKube.Control.Storage;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Workloads;
using OrleansKube.Model.Storage;

namespace OrleansKube.Grains.Storage;

/// <summary>
/// The PersistentVolume controller of one claim: while the claim waits, each pass reads its class, the volumes and the
/// node its first pod was scheduled to, and runs <see cref="PersistentVolumeClaimReconciler"/>; a bound claim costs
/// nothing more unless it grows (a resize: its volume and then its status.capacity grow); its deletion reclaims its volume. Pods never reach it: only claims notify it. A claim just bound tells
/// the schedulers, as upstream's queue moves unschedulable pods on a claim's update.
/// </summary>
public sealed class PersistentVolumeClaimControllerGrain(SimulationClock clock, Scheduling.SchedulerDirectory schedulers, ILogger<PersistentVolumeClaimControllerGrain> logger)
    : ControllerGrainBase<PersistentVolumeClaim, PersistentVolume>(clock, logger), IPersistentVolumeClaimControllerGrain
{
    protected override KindInfo ChildKind => Kinds.PersistentVolume;

    protected override string Component => "persistentvolume-controller";

    // A claim controls no objects by a selector: the volumes are read each pass while it waits.
    protected override LabelSelector? SelectorOf(PersistentVolumeClaim workload) => null;

    protected override async Task<(PersistentVolumeClaim, DateTimeOffset?)> ReconcileAsync(PersistentVolumeClaim workload)
    {
        if (PersistentVolumeClaimReconciler.ExpansionPending(workload) && workload.Spec?.VolumeName is { Length: > 0 } volumeName)
        {
            var volume = await Control.GetAsync(Kinds.PersistentVolume, "", volumeName) as PersistentVolume;
            return (await new PersistentVolumeClaimReconciler(Control).ExpandAsync(workload, volume), null);
        }

        if (workload.Metadata.DeletionTimestamp is not null || workload.Status?.Phase == PersistentVolumeClaimPhase.Bound)
        {
            return (workload, null);
        }

        var control = Control;
        var storageClass = workload.Spec?.StorageClassName is { Length: > 0 } className
            ? await control.GetAsync(Kinds.StorageClass, "", className) as StorageClass
            : null;
        var selectedNode = workload.Metadata.Annotations?.GetValueOrDefault(VolumeAnnotations.SelectedNode) is { } nodeName
            ? await control.GetAsync(Kinds.Node, "", nodeName) as Node
            : null;
        var volumes = (await GrainFactory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.PersistentVolume.Plural, null))).Cast<PersistentVolume>().ToList();
        var (stored, requeueAt) = await new PersistentVolumeClaimReconciler(control).SyncAsync(workload, storageClass, volumes, selectedNode, Time.GetUtcNow());
        if (stored.Status?.Phase == PersistentVolumeClaimPhase.Bound)
        {
            foreach (var shard in schedulers.SchedulerNames.SelectMany(schedulers.AllShards))
            {
                GrainFactory.Get<ISchedulerShardGrain>(shard.ToString()).ClusterChangedAsync().Ignore();
            }
        }

        return (stored, requeueAt);
    }

    protected override async Task OnWorkloadDeletedAsync(PersistentVolumeClaim deleted)
    {
        await new PersistentVolumeClaimReconciler(Control).ReclaimAsync(deleted);
        await base.OnWorkloadDeletedAsync(deleted);
    }
}
