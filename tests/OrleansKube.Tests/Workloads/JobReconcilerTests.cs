using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.Jobs;
using OrleansKube.Model.Batch;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

public class JobReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);

    private Job Job => _api.Get<Job>("work");

    private List<Pod> Active => [.. _api.All<Pod>().Where(PodStates.IsActive)];

    private void Create(int? completions = 1, int? parallelism = 1, int backoffLimit = 6, RestartPolicy restart = RestartPolicy.Never,
        CompletionMode mode = CompletionMode.NonIndexed, long? deadline = null, int? ttl = null)
    {
        var job = new Job
        {
            Metadata = new ObjectMeta { Name = "work", Namespace = "default", Uid = "uid-work" },
            Spec = new JobSpec
            {
                Completions = completions,
                Parallelism = parallelism,
                BackoffLimit = backoffLimit,
                CompletionMode = mode,
                ActiveDeadlineSeconds = deadline,
                TtlSecondsAfterFinished = ttl,
                Template = new PodTemplateSpec { Spec = new PodSpec { RestartPolicy = restart, Containers = [new Container { Name = "c", Image = "busybox" }] } },
            },
        };
        JobLabels.GenerateSelector(job);
        _api.Put(job);
    }

    // Every pass sees every pod: the lagging view is the ReplicaSet tests' subject.
    private Task<JobSync> PassAsync() => new JobReconciler(_api, new ControllerExpectations()).SyncAsync(Job, [.. _api.All<Pod>()], _api.Now);

    private void Finish(Pod pod, PodPhase phase, int restarts = 0)
    {
        var copy = KubeJson.Clone(pod);
        copy.Status = new PodStatus
        {
            Phase = phase,
            ContainerStatuses = [new ContainerStatus { Name = "c", RestartCount = restarts, State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = phase == PodPhase.Failed ? 1 : 0, FinishedAt = _api.Now } } }],
        };
        _api.Put(copy);
    }

    [Fact]
    public async Task Sync_OneShotPodSucceeds_CompletesTheJob()
    {
        Create();
        await PassAsync();
        var pod = Assert.Single(Active);
        Assert.Equal("uid-work", pod.Metadata.Labels![JobLabels.ControllerUid]);
        Assert.Equal("work", pod.Metadata.Labels[JobLabels.JobName]);

        _api.Now += TimeSpan.FromSeconds(7);
        Finish(pod, PodPhase.Succeeded);
        await PassAsync();

        var status = Job.Status!;
        Assert.Equal((0, 1, 0), (status.Active, status.Succeeded, status.Failed));
        Assert.Equal((Start, Start.AddSeconds(7)), (status.StartTime, status.CompletionTime));
        var complete = status.Conditions!.Single(c => c.Type == "Complete");
        Assert.Equal(ConditionStatus.True, complete.Status);
        Assert.Contains("Normal Completed Job completed", _api.Events);
    }

    [Fact]
    public async Task Sync_ParallelFiveOfTen_NeverRunsMoreThanFiveAndStopsAtTen()
    {
        Create(completions: 10, parallelism: 5);
        var maxActive = 0;
        for (var round = 0; round < 20 && Job.Status?.CompletionTime is null; round++)
        {
            await PassAsync();
            maxActive = Math.Max(maxActive, Active.Count);
            _api.Now += TimeSpan.FromSeconds(1);
            foreach (var pod in Active.Take(3))
            {
                Finish(pod, PodPhase.Succeeded);
            }
        }

        Assert.Equal(5, maxActive);
        Assert.Equal(10, Job.Status!.Succeeded);
        Assert.Equal(10, _api.All<Pod>().Count(p => p.Status?.Phase == PodPhase.Succeeded));
        Assert.Empty(Active);
    }

    [Fact]
    public async Task Sync_WorkQueue_AfterTheFirstSuccess_KeepsTheOthersRunning_StartsNoMore_CompletesWhenAllAreDone()
    {
        Create(completions: null, parallelism: 5);
        await PassAsync();
        Assert.Equal(5, Active.Count);

        _api.Now += TimeSpan.FromSeconds(3);
        Finish(Active[0], PodPhase.Succeeded);
        await PassAsync();

        // The four other workers keep running (none deleted), no replacement starts, and the Job is not complete yet.
        Assert.Equal(4, Active.Count);
        Assert.Equal(5, _api.All<Pod>().Count());
        Assert.Equal((4, 1), (Job.Status!.Active, Job.Status.Succeeded));
        Assert.Null(Job.Status.CompletionTime);
        Assert.DoesNotContain(_api.All<Pod>(), p => p.Metadata.DeletionTimestamp is not null);

        _api.Now += TimeSpan.FromSeconds(2);
        foreach (var worker in Active)
        {
            Finish(worker, PodPhase.Succeeded);
        }

        await PassAsync();
        Assert.Equal((0, 5), (Job.Status!.Active, Job.Status.Succeeded));
        Assert.Equal(Start.AddSeconds(5), Job.Status.CompletionTime);
    }

    [Fact]
    public async Task Sync_PodsKeepFailing_RetryAfterDoublingBackoffUntilBackoffLimitExceeded()
    {
        Create(backoffLimit: 2);
        await PassAsync();
        var created = new List<DateTimeOffset> { _api.Now };
        for (var i = 0; i < 20 && Job.Status?.Conditions?.Any(c => c.Type == "Failed") != true; i++)
        {
            if (Active is [var running])
            {
                _api.Now += TimeSpan.FromSeconds(1);
                Finish(running, PodPhase.Failed);
            }

            var sync = await PassAsync();
            if (Active.Count == 1 && created.Count < _api.All<Pod>().Count())
            {
                created.Add(_api.Now);
            }

            if (sync.RequeueAt is { } at)
            {
                _api.Now = at;
            }
        }

        // Failures at +1 s, then 10 s and 20 s of backoff before each replacement.
        Assert.Equal([Start, Start.AddSeconds(11), Start.AddSeconds(32)], created);
        var failed = Job.Status!.Conditions!.Single(c => c.Type == "Failed");
        Assert.Equal((ConditionStatus.True, "BackoffLimitExceeded", "Job has reached the specified backoff limit"), (failed.Status, failed.Reason, failed.Message));
        Assert.Equal(3, Job.Status.Failed);
        Assert.Contains("Warning BackoffLimitExceeded Job has reached the specified backoff limit", _api.Events);
    }

    [Theory]
    [InlineData(0, TimeSpan.TicksPerSecond * 0)]
    [InlineData(1, TimeSpan.TicksPerSecond * 10)]
    [InlineData(3, TimeSpan.TicksPerSecond * 40)]
    [InlineData(6, TimeSpan.TicksPerSecond * 320)]
    [InlineData(7, TimeSpan.TicksPerSecond * 360)]
    [InlineData(40, TimeSpan.TicksPerSecond * 360)]
    public void Delay_DoublesFromTenSecondsUpToSixMinutes(int failures, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), PodFailureBackoff.Delay(failures));

    [Fact]
    public async Task Sync_OnFailureRestartsReachTheLimit_FailTheJobAndDeleteItsPod()
    {
        Create(backoffLimit: 3, restart: RestartPolicy.OnFailure);
        await PassAsync();
        var pod = Active.Single();
        var restarting = KubeJson.Clone(pod);
        restarting.Status = new PodStatus { Phase = PodPhase.Running, ContainerStatuses = [new ContainerStatus { Name = "c", RestartCount = 3 }] };
        _api.Put(restarting);

        await PassAsync();

        Assert.Equal("BackoffLimitExceeded", Job.Status!.Conditions!.Single(c => c.Type == "Failed").Reason);
        Assert.Contains($"delete Pod {pod.Metadata.Name}", _api.Calls);
    }

    [Fact]
    public async Task Sync_PastActiveDeadline_FailsWithDeadlineExceeded()
    {
        Create(deadline: 30);
        var first = await PassAsync();
        Assert.Equal(Start.AddSeconds(30), first.RequeueAt);

        _api.Now = Start.AddSeconds(30);
        await PassAsync();

        var failed = Job.Status!.Conditions!.Single(c => c.Type == "Failed");
        Assert.Equal(("DeadlineExceeded", "Job was active longer than specified deadline"), (failed.Reason, failed.Message));
        Assert.Equal(0, Job.Status.Active);
        Assert.Empty(_api.All<Pod>());
    }

    [Fact]
    public async Task Sync_Indexed_GivesEachPodItsIndexAndReportsCompletedIndexes()
    {
        Create(completions: 4, parallelism: 3, mode: CompletionMode.Indexed);
        await PassAsync();

        var indexes = Active.Select(p => p.Metadata.Annotations![JobLabels.CompletionIndex]).Order().ToList();
        Assert.Equal(["0", "1", "2"], indexes);
        Assert.All(Active, p => Assert.Equal(p.Metadata.Annotations![JobLabels.CompletionIndex], p.Spec.Containers[0].Env!.Single(e => e.Name == "JOB_COMPLETION_INDEX").Value));
        Assert.All(Active, p => Assert.StartsWith($"work-{p.Metadata.Labels![JobLabels.CompletionIndex]}-", p.Metadata.Name, StringComparison.Ordinal));

        Finish(Active.Single(p => p.Metadata.Labels![JobLabels.CompletionIndex] == "0"), PodPhase.Succeeded);
        Finish(Active.Single(p => p.Metadata.Labels![JobLabels.CompletionIndex] == "2"), PodPhase.Succeeded);
        await PassAsync();

        Assert.Equal("0,2", Job.Status!.CompletedIndexes);
        Assert.Equal(["1", "3"], Active.Select(p => p.Metadata.Labels![JobLabels.CompletionIndex]).Order());
    }

    [Fact]
    public async Task Sync_Suspended_DeletesActivePodsUntilResumed()
    {
        Create(completions: 2, parallelism: 2);
        await PassAsync();
        var suspended = KubeJson.Clone(Job);
        suspended.Spec!.Suspend = true;
        _api.Put(suspended);

        await PassAsync();

        Assert.Empty(_api.All<Pod>());
        var condition = Job.Status!.Conditions!.Single(c => c.Type == "Suspended");
        Assert.Equal((ConditionStatus.True, "JobSuspended"), (condition.Status, condition.Reason));

        var resumed = KubeJson.Clone(Job);
        resumed.Spec!.Suspend = false;
        _api.Put(resumed);
        await PassAsync();
        Assert.Equal(2, Active.Count);
        Assert.Equal("JobResumed", Job.Status!.Conditions!.Single(c => c.Type == "Suspended").Reason);
    }

    [Fact]
    public async Task Sync_FinishedWithTtl_IsDeletedThatLongAfterFinishing()
    {
        Create(ttl: 60);
        await PassAsync();
        Finish(Active.Single(), PodPhase.Succeeded);
        var done = await PassAsync();
        Assert.Equal(Start.AddSeconds(60), done.RequeueAt);

        _api.Now = Start.AddSeconds(59);
        await PassAsync();
        Assert.DoesNotContain("delete Job work", _api.Calls);

        _api.Now = Start.AddSeconds(60);
        var deleted = await PassAsync();
        Assert.Null(deleted.Job);
        Assert.Contains("delete Job work", _api.Calls);
    }

    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1, 2, 4, 6, 7 }, "0-2,4,6-7")]
    public void CompressIndexes_WritesRanges(int[] indexes, string? expected) => Assert.Equal(expected, JobReconciler.CompressIndexes(indexes));

    [Theory]
    [InlineData(null, 1)]
    [InlineData(JobReconciler.BuiltInManager, 1)]
    [InlineData("example.com/batch-controller", 0)]
    public async Task Sync_ManagedBy_OnlyTheBuiltInControllerOrNoneRunsPods(string? managedBy, int podsMade)
    {
        Create();
        _api.Put(Job with { Spec = Job.Spec! with { ManagedBy = managedBy } });

        var sync = await PassAsync();

        Assert.Equal(podsMade, _api.All<Pod>().Count());
        Assert.Equal(podsMade == 0, sync.Job is null);
    }

    public sealed record PolicyCase(string Sentence, int ExitCode, string? Condition, bool JobFails, int FailedCounted)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<PolicyCase> PolicyCases() =>
    [
        new PolicyCase("an exit code a FailJob rule names fails the Job at once", 42, null, true, 1),
        new PolicyCase("a disruption an Ignore rule names is not counted", 137, "DisruptionTarget", false, 0),
        new PolicyCase("a failure no rule matches counts as without a policy", 1, null, false, 1),
    ];

    [Theory]
    [MemberData(nameof(PolicyCases))]
    public async Task Sync_PodFailurePolicy_DecidesWhatAFailureMeans(PolicyCase c)
    {
        Create(backoffLimit: 3);
        _api.Put(Job with
        {
            Spec = Job.Spec! with
            {
                PodFailurePolicy = new PodFailurePolicy
                {
                    Rules =
                    [
                        new PodFailurePolicyRule { Action = PodFailurePolicyAction.FailJob, OnExitCodes = new() { ContainerName = "c", Operator = PodFailurePolicyOnExitCodesOperator.In, Values = [42] } },
                        new PodFailurePolicyRule { Action = PodFailurePolicyAction.Ignore, OnPodConditions = [new() { Type = "DisruptionTarget", Status = ConditionStatus.True }] },
                    ],
                },
            },
        });
        await PassAsync();
        var pod = KubeJson.Clone(Assert.Single(Active));
        pod.Status = new PodStatus
        {
            Phase = PodPhase.Failed,
            Conditions = c.Condition is null ? null : [new PodCondition { Type = c.Condition, Status = ConditionStatus.True }],
            ContainerStatuses = [new ContainerStatus { Name = "c", State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = c.ExitCode, FinishedAt = _api.Now } } }],
        };
        _api.Put(pod);

        await PassAsync();

        var failed = Job.Status!.Conditions?.SingleOrDefault(x => x.Type == "Failed");
        Assert.Equal(c.JobFails, failed is not null);
        Assert.Equal(c.FailedCounted, Job.Status.Failed);
        if (c.JobFails)
        {
            Assert.Equal(("PodFailurePolicy", $"Container c for pod default/{pod.Metadata.Name} failed with exit code 42 matching FailJob rule at index 0"), (failed!.Reason, failed.Message));
        }
    }
}
