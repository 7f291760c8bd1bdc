using System.Globalization;
using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Workloads.CronJobs;

/// <summary>
/// One pass of the CronJob controller (upstream's syncCronJob): keeps the active list and the last successful
/// time, deletes finished Jobs beyond the history limits, and at a scheduled time (the latest one missed, if it is
/// within startingDeadlineSeconds) starts a Job named <c>&lt;cronjob&gt;-&lt;minutes since epoch&gt;</c> —
/// unless concurrencyPolicy Forbid finds one still active, or after Replace deleted the active ones.
/// </summary>
public sealed class CronJobReconciler(IObjectControl control)
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    public async Task<CronJobSync> SyncAsync(CronJob cj, IReadOnlyCollection<Job> candidates, DateTimeOffset now)
    {
        var spec = cj.Spec!;
        var jobs = candidates.Where(j => ControllerRefs.IsControlledBy(j, cj)).ToList();
        var status = cj.Status is null ? new CronJobStatus() : cj.Status with { };
        var active = jobs.Where(j => Finished(j) is null).ToList();
        foreach (var job in jobs.Where(j => Finished(j) is "Complete"))
        {
            if (job.Status?.CompletionTime is { } completed && (status.LastSuccessfulTime is null || completed > status.LastSuccessfulTime))
            {
                status.LastSuccessfulTime = completed;
            }
        }

        await CleanupAsync(cj, jobs.Where(j => Finished(j) is "Complete").ToList(), spec.SuccessfulJobsHistoryLimit ?? 3);
        await CleanupAsync(cj, jobs.Where(j => Finished(j) is "Failed").ToList(), spec.FailedJobsHistoryLimit ?? 1);

        var schedule = CronSchedule.Parse(spec.Schedule, spec.TimeZone);
        DateTimeOffset? requeue = schedule.Next(now);
        if (spec.Suspend != true && cj.Metadata.DeletionTimestamp is null && MostRecent(schedule, status.LastScheduleTime ?? cj.Metadata.CreationTimestamp ?? now, now) is { } scheduled)
        {
            var tooLate = spec.StartingDeadlineSeconds is { } deadline && scheduled + TimeSpan.FromSeconds(deadline) < now;
            if (tooLate)
            {
                control.RecordEvent(cj, "Warning", "MissSchedule", $"Missed scheduled time to start a job: {scheduled.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss +0000 UTC", CultureInfo.InvariantCulture)}");
                status.LastScheduleTime = scheduled;
            }
            else if (spec.ConcurrencyPolicy == ConcurrencyPolicy.Forbid && active.Count > 0)
            {
                // Skipped, not lost: tried again while the time is still within its deadline.
                requeue = now + TimeSpan.FromSeconds(10) < requeue ? now + TimeSpan.FromSeconds(10) : requeue;
            }
            else
            {
                if (spec.ConcurrencyPolicy == ConcurrencyPolicy.Replace)
                {
                    foreach (var job in active)
                    {
                        await control.DeleteAsync(job);
                        control.RecordEvent(cj, "Normal", "SuccessfulDelete", $"Deleted job {job.Metadata.Name}");
                    }

                    active.Clear();
                }

                active.Add(await CreateJobAsync(cj, scheduled));
                status.LastScheduleTime = scheduled;
            }
        }

        status.Active = active.Count == 0 ? null : [.. active.OrderBy(j => j.Metadata.Name, StringComparer.Ordinal).Select(Reference)];
        var stored = cj;
        if (!StatusComparison.Same(cj.Status, status))
        {
            stored = (CronJob)await control.UpdateStatusAsync(cj with { Status = status });
        }

        return new CronJobSync(stored, spec.Suspend == true ? null : requeue);
    }

    /// <summary>The latest scheduled time after <paramref name="since"/> and not after <paramref name="now"/>, if any.</summary>
    public static DateTimeOffset? MostRecent(CronSchedule schedule, DateTimeOffset since, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        var missed = 0;
        for (var t = schedule.Next(since); t is { } at && at <= now; t = schedule.Next(at))
        {
            latest = at;
            if (++missed > 100_000)
            {
                break; // upstream gives up counting far earlier; the latest is what matters
            }
        }

        return latest;
    }

    public static string JobName(CronJob cj, DateTimeOffset scheduled) =>
        $"{cj.Metadata.Name}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    private async Task<Job> CreateJobAsync(CronJob cj, DateTimeOffset scheduled)
    {
        var template = cj.Spec!.JobTemplate ?? new JobTemplateSpec();
        var job = new Job
        {
            ApiVersion = Kinds.Job.ApiVersion,
            Kind = Kinds.Job.Kind,
            Metadata = new ObjectMeta
            {
                Name = JobName(cj, scheduled),
                Namespace = cj.Metadata.Namespace,
                Labels = template.Metadata?.Labels is { } labels ? new(labels, StringComparer.Ordinal) : null,
                Annotations = new(template.Metadata?.Annotations ?? [], StringComparer.Ordinal)
                {
                    [ScheduledTimestampAnnotation] = scheduled.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                },
                OwnerReferences = [ControllerRefs.For(cj)],
            },
            Spec = Model.Serialization.KubeJson.Copy(template.Spec ?? new JobSpec()),
        };
        try
        {
            var created = (Job)await control.CreateAsync(job);
            control.RecordEvent(cj, "Normal", "SuccessfulCreate", $"Created job {created.Metadata.Name}");
            return created;
        }
        catch (Exception)
        {
            // Made by an earlier pass whose view had not caught up: that one is the active job.
            if (await control.GetAsync(Kinds.Job, job.Metadata.Namespace!, job.Metadata.Name!) is Job existing)
            {
                return existing;
            }

            throw;
        }
    }

    private async Task CleanupAsync(CronJob cj, List<Job> finished, int limit)
    {
        foreach (var job in finished.OrderBy(j => j.Status?.StartTime ?? j.Metadata.CreationTimestamp).Take(Math.Max(0, finished.Count - limit)))
        {
            await control.DeleteAsync(job);
            control.RecordEvent(cj, "Normal", "SuccessfulDelete", $"Deleted job {job.Metadata.Name}");
        }
    }

    private static string? Finished(Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == ConditionStatus.True)?.Type;

    private static ObjectReference Reference(Job job) => new()
    {
        ApiVersion = Kinds.Job.ApiVersion,
        Kind = Kinds.Job.Kind,
        Namespace = job.Metadata.Namespace,
        Name = job.Metadata.Name,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };
}
