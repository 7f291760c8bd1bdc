using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.Jobs;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Batch;

namespace OrleansKube.Grains.Workloads;

/// <summary>The Job controller of one Job: its pods as they report, its expectations, and <see cref="JobReconciler"/>.</summary>
[Scheduling.NamespaceSlotPlacement] // with its namespace's watch cache partition, when caches are partitioned (its pods start beside it)
public sealed class JobControllerGrain(SimulationClock clock, ILogger<JobControllerGrain> logger)
    : ControllerGrainBase<Job, Pod>(clock, logger), IJobControllerGrain
{
    protected override KindInfo ChildKind => Kinds.Pod;

    protected override string Component => "job-controller";

    protected override LabelSelector? SelectorOf(Job workload) => workload.Spec?.Selector;

    protected override async Task<(Job, DateTimeOffset?)> ReconcileAsync(Job workload)
    {
        var sync = await new JobReconciler(Control, Expectations).SyncAsync(workload, Children.Values, Time.GetUtcNow());
        RefreshView(sync.Pods);
        return (sync.Job ?? workload, sync.RequeueAt);
    }
}
