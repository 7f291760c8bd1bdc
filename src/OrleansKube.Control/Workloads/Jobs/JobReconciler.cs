using System.Globalization;
using OrleansKube.Model.Batch;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.Jobs;

/// <summary>
/// One pass of the Job controller (upstream's syncJob): count active, succeeded and failed pods (a pod failure
/// policy may ignore a failure or fail the Job at once); fail the Job past its backoff limit (failed pods, or
/// container restarts under OnFailure) or its active deadline; complete it when
/// enough pods (or every index) succeeded; otherwise keep min(parallelism, remaining) pods active — replacements
/// wait out the pod-failure backoff — and honour suspend. A finished Job is deleted ttlSecondsAfterFinished later.
/// </summary>
public sealed class JobReconciler(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>The <c>spec.managedBy</c> value naming this controller (as leaving the field unset does).</summary>
    public const string BuiltInManager = "kubernetes.io/job-controller";

    public async Task<JobSync> SyncAsync(Job job, IReadOnlyCollection<Pod> candidates, DateTimeOffset now)
    {
        var spec = job.Spec ?? new JobSpec();
        if (spec.ManagedBy is { } manager && manager != BuiltInManager)
        {
            // Upstream's JobManagedBy: another controller runs this Job; the built-in one leaves it and its pods alone.
            return new JobSync(null, [], null);
        }

        var pods = await ControllerRefs.ClaimAsync(control, job, LabelSelectors.ToSelector(spec.Selector), candidates);

        var status = Clone(job.Status);
        if (Finished(status) is { } finishedAt)
        {
            return await AfterFinishAsync(job, pods, finishedAt, now);
        }

        var active = pods.Where(PodStates.IsActive).ToList();
        var succeededPods = pods.Where(p => p.Status?.Phase == PodPhase.Succeeded).ToList();
        var failedPods = pods.Where(p => p.Status?.Phase == PodPhase.Failed).ToList();
        var policyFailure = spec.PodFailurePolicy is { } policy ? ApplyPolicy(policy, failedPods) : null;
        var indexed = spec.CompletionMode == CompletionMode.Indexed;
        var succeeded = indexed ? SucceededIndexes(succeededPods, spec.Completions ?? 0).Count : succeededPods.Count;
        DateTimeOffset? requeue = null;

        if (spec.Suspend == true)
        {
            await DeleteAllAsync(job, active, now);
            active.Clear();
            SetCondition(status, "Suspended", ConditionStatus.True, "JobSuspended", "Job suspended", now, job, "Suspended");
        }
        else
        {
            if (Condition(status, "Suspended") is { Status: ConditionStatus.True })
            {
                SetCondition(status, "Suspended", ConditionStatus.False, "JobResumed", "Job resumed", now, job, "Resumed");
                status.StartTime = now;
            }

            status.StartTime ??= now;
            string? failure = null, failureMessage = null;
            if (policyFailure is not null)
            {
                (failure, failureMessage) = (PodFailurePolicies.Reason, policyFailure);
            }
            else if (failedPods.Count > (spec.BackoffLimit ?? 6) || PastBackoffLimitOnFailure(spec, active))
            {
                (failure, failureMessage) = ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
            }
            else if (spec.ActiveDeadlineSeconds is { } deadline)
            {
                var due = status.StartTime.Value + TimeSpan.FromSeconds(deadline);
                if (now >= due)
                {
                    (failure, failureMessage) = ("DeadlineExceeded", "Job was active longer than specified deadline");
                }
                else
                {
                    requeue = due;
                }
            }

            var complete = spec.Completions is { } completions ? succeeded >= completions : succeeded > 0 && active.Count == 0;
            if (failure is not null)
            {
                await DeleteAllAsync(job, active, now);
                active.Clear();
                SetCondition(status, "FailureTarget", ConditionStatus.True, failure, failureMessage!, now, job, null);
                SetCondition(status, "Failed", ConditionStatus.True, failure, failureMessage!, now, job, null);
                control.RecordEvent(job, "Warning", failure, failureMessage!);
                requeue = null;
            }
            else if (complete)
            {
                await DeleteAllAsync(job, active, now);
                active.Clear();
                SetCondition(status, "SuccessCriteriaMet", ConditionStatus.True, "CompletionsReached", "Reached expected number of succeeded pods", now, job, null);
                SetCondition(status, "Complete", ConditionStatus.True, "CompletionsReached", "Reached expected number of succeeded pods", now, job, null);
                status.CompletionTime = now;
                control.RecordEvent(job, "Normal", "Completed", "Job completed");
                requeue = null;
            }
            else if (expectations.Satisfied(now))
            {
                var backoffUntil = BackoffUntil(succeededPods, failedPods);
                var (created, deleted, wait) = await ManageAsync(job, active, succeededPods, succeeded, backoffUntil, now);
                active.AddRange(created);
                active.RemoveAll(deleted.Contains);
                requeue = Earliest(requeue, wait);
            }
        }

        status.Active = active.Count;
        status.Ready = active.Count(PodStates.IsReady);
        status.Succeeded = succeeded;
        status.Failed = failedPods.Count;
        status.CompletedIndexes = indexed ? CompressIndexes(SucceededIndexes(succeededPods, spec.Completions ?? 0)) : null;
        var stored = job;
        if (!StatusComparison.Same(job.Status, status))
        {
            stored = (Job)await control.UpdateStatusAsync(job with { Status = status });
        }

        if (Finished(status) is { } done)
        {
            requeue = Earliest(requeue, TtlDue(stored, done));
        }

        return new JobSync(stored, pods, requeue);
    }

    /// <summary>
    /// Drops the failures the policy ignores (they count neither against backoffLimit nor in status.failed) and returns
    /// the message of the first FailJob match, if any. FailIndex counts as Count: backoffLimitPerIndex is not simulated.
    /// </summary>
    private static string? ApplyPolicy(PodFailurePolicy policy, List<Pod> failedPods)
    {
        string? failJob = null;
        failedPods.RemoveAll(pod =>
        {
            var match = PodFailurePolicies.Match(policy, pod);
            if (match is { Action: PodFailurePolicyAction.FailJob } && failJob is null)
            {
                failJob = match.Value.Message;
            }

            return match is { Action: PodFailurePolicyAction.Ignore };
        });
        return failJob;
    }

    /// <summary>Indexes 0..completions−1 with a succeeded pod.</summary>
    public static SortedSet<int> SucceededIndexes(IEnumerable<Pod> succeeded, int completions)
    {
        var indexes = new SortedSet<int>();
        foreach (var pod in succeeded)
        {
            if (IndexOf(pod) is { } i && i < completions)
            {
                indexes.Add(i);
            }
        }

        return indexes;
    }

    /// <summary>The completedIndexes text: ranges such as <c>0-2,4,6-7</c>.</summary>
    public static string? CompressIndexes(IReadOnlyCollection<int> indexes)
    {
        if (indexes.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        var sorted = indexes.Order().ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i].ToString(CultureInfo.InvariantCulture)}-{sorted[j].ToString(CultureInfo.InvariantCulture)}");
            i = j + 1;
        }

        return string.Join(",", parts);
    }

    private async Task<(List<Pod> Created, List<Pod> Deleted, DateTimeOffset? Wait)> ManageAsync(
        Job job, List<Pod> active, List<Pod> succeededPods, int succeeded, DateTimeOffset? backoffUntil, DateTimeOffset now)
    {
        var spec = job.Spec!;
        var parallelism = spec.Parallelism ?? 1;
        var indexed = spec.CompletionMode == CompletionMode.Indexed;
        // A work queue (no completions) runs parallelism pods until one succeeds, then starts no more and leaves the
        // others running to finish their share (upstream's manageJob: wantActive = active once any succeeded).
        var wantActive = spec.Completions is { } completions ? Math.Min(completions - succeeded, parallelism) : succeeded > 0 ? active.Count : parallelism;
        wantActive = Math.Max(0, wantActive);
        if (active.Count > wantActive)
        {
            var surplus = ActivePodRanking.PodsToDelete(active, active.Count - wantActive, now);
            await DeleteAllAsync(job, surplus, now);
            return ([], surplus, null);
        }

        var missing = wantActive - active.Count;
        if (missing == 0)
        {
            return ([], [], null);
        }

        if (backoffUntil is { } until && until > now)
        {
            return ([], [], until); // replacements wait out the pod-failure backoff
        }

        var indexes = indexed ? FreeIndexes(spec.Completions ?? 0, active, succeededPods).Take(missing).ToList() : [];
        var (created, _) = await new PodControl(control, expectations).CreateAsync(job, indexed ? indexes.Count : missing, n => indexed ? IndexedPod(job, indexes[n]) : PodTemplates.NewPod(spec.Template!, job), now);
        return (created, [], null);
    }

    private static Pod IndexedPod(Job job, int index)
    {
        var text = index.ToString(CultureInfo.InvariantCulture);
        var pod = PodTemplates.NewPod(job.Spec!.Template!, job);
        pod.Metadata.GenerateName = $"{job.Metadata.Name}-{text}-";
        (pod.Metadata.Annotations ??= [])[JobLabels.CompletionIndex] = text;
        (pod.Metadata.Labels ??= [])[JobLabels.CompletionIndex] = text;
        foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
        {
            container.Env = [.. (container.Env ?? []).Where(e => e.Name != JobLabels.CompletionIndexEnv), new EnvVar { Name = JobLabels.CompletionIndexEnv, Value = text }];
        }

        return pod;
    }

    private static IEnumerable<int> FreeIndexes(int completions, IEnumerable<Pod> active, IEnumerable<Pod> succeeded)
    {
        var taken = active.Concat(succeeded).Select(IndexOf).OfType<int>().ToHashSet();
        return Enumerable.Range(0, completions).Where(i => !taken.Contains(i));
    }

    private static int? IndexOf(Pod pod) =>
        pod.Metadata.Annotations?.GetValueOrDefault(JobLabels.CompletionIndex) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    // OnFailure restarts containers in place: their restarts count against the backoff limit.
    private static bool PastBackoffLimitOnFailure(JobSpec spec, List<Pod> active)
    {
        if (spec.Template?.Spec?.RestartPolicy != RestartPolicy.OnFailure)
        {
            return false;
        }

        var restarts = active.Sum(p => (p.Status?.ContainerStatuses ?? []).Concat(p.Status?.InitContainerStatuses ?? []).Sum(c => c.RestartCount));
        var limit = spec.BackoffLimit ?? 6;
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    private static DateTimeOffset? BackoffUntil(List<Pod> succeeded, List<Pod> failed)
    {
        var lastSuccess = succeeded.Count == 0 ? DateTimeOffset.MinValue : succeeded.Max(PodFailureBackoff.FinishedAt);
        var failures = failed.Select(PodFailureBackoff.FinishedAt).Where(t => t > lastSuccess).ToList();
        return failures.Count == 0 ? null : failures.Max() + PodFailureBackoff.Delay(failures.Count);
    }

    private async Task<JobSync> AfterFinishAsync(Job job, List<Pod> pods, DateTimeOffset finishedAt, DateTimeOffset now)
    {
        if (TtlDue(job, finishedAt) is { } due && due <= now)
        {
            await control.DeleteAsync(job);
            return new JobSync(null, pods, null);
        }

        return new JobSync(job, pods, TtlDue(job, finishedAt));
    }

    private static DateTimeOffset? TtlDue(Job job, DateTimeOffset finishedAt) =>
        job.Spec?.TtlSecondsAfterFinished is { } ttl ? finishedAt + TimeSpan.FromSeconds(ttl) : null;

    private static DateTimeOffset? Finished(JobStatus status) =>
        status.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == ConditionStatus.True) is { } done
            ? status.CompletionTime ?? done.LastTransitionTime
            : null;

    private Task DeleteAllAsync(Job job, List<Pod> pods, DateTimeOffset now) => new PodControl(control, expectations).DeleteAsync(job, pods, now);

    private void SetCondition(JobStatus status, string type, ConditionStatus value, string reason, string message, DateTimeOffset now, Job job, string? eventReason)
    {
        var current = Condition(status, type);
        if (current is not null && current.Status == value && current.Reason == reason)
        {
            return;
        }

        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != type), new JobCondition { Type = type, Status = value, Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now }];
        if (eventReason is not null)
        {
            control.RecordEvent(job, "Normal", eventReason, message);
        }
    }

    private static JobCondition? Condition(JobStatus status, string type) => status.Conditions?.FirstOrDefault(c => c.Type == type);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static JobStatus Clone(JobStatus? status) => status is null ? new JobStatus() : status with { Conditions = status.Conditions?.ToList() };
}
