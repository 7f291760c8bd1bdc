using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Workloads.CronJobs;

/// <summary>What a pass leaves: the CronJob as stored and when to look again (its next scheduled time).</summary>
public sealed record CronJobSync(CronJob CronJob, DateTimeOffset? RequeueAt);
