using Microsoft.Extensions.Logging;
using OrleansKube.Control.Workloads.CronJobs;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Batch;

namespace OrleansKube.Grains.Workloads;

/// <summary>The CronJob controller of one CronJob: its Jobs as they report, and <see cref="CronJobReconciler"/>, woken at each scheduled time.</summary>
public sealed class CronJobControllerGrain(SimulationClock clock, ILogger<CronJobControllerGrain> logger)
    : ControllerGrainBase<CronJob, Job>(clock, logger), ICronJobControllerGrain
{
    protected override KindInfo ChildKind => Kinds.Job;

    protected override string Component => "cronjob-controller";

    // A CronJob has no selector: its Jobs are known by their owner reference, as they report.
    protected override LabelSelector? SelectorOf(CronJob workload) => null;

    protected override async Task<(CronJob, DateTimeOffset?)> ReconcileAsync(CronJob workload)
    {
        var sync = await new CronJobReconciler(Control).SyncAsync(workload, Children.Values, Time.GetUtcNow());
        return (sync.CronJob, sync.RequeueAt);
    }
}
