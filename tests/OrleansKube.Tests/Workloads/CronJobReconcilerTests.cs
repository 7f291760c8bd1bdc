using OrleansKube.Control.Workloads.CronJobs;
using OrleansKube.Model.Batch;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

public class CronJobReconcilerTests
{
    // A Monday.
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 7, 0, TimeSpan.Zero);

    private readonly RecordingObjectControl _api = new(Start);

    private CronJob Cj => _api.Get<CronJob>("tick");

    private List<Job> Jobs => [.. _api.All<Job>()];

    public sealed record ScheduleCase(string Sentence, string Schedule, DateTimeOffset After, DateTimeOffset Next)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<ScheduleCase> ScheduleCases() =>
    [
        new ScheduleCase("every 15 minutes", "*/15 * * * *", Start, Start.AddMinutes(8)),
        new ScheduleCase("on the hour exactly after one", "@hourly", new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
        new ScheduleCase("weekdays at nine skips the weekend", "0 9 * * MON-FRI", new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)),
        new ScheduleCase("both day fields restricted: either matches", "0 0 1,15 * FRI", new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero)),
        new ScheduleCase("months by name, Sunday as 7", "30 4 * FEB 7", new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new(2027, 2, 7, 4, 30, 0, TimeSpan.Zero)),
        new ScheduleCase("a time zone shifts the hours", "0 9 * * *", Start, new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero)),
    ];

    [Theory]
    [MemberData(nameof(ScheduleCases))]
    public void Next_FollowsCronRules(ScheduleCase c) =>
        Assert.Equal(c.Next, CronSchedule.Parse(c.Schedule, c.Sentence.Contains("zone", StringComparison.Ordinal) ? "America/New_York" : null).Next(c.After));

    [Theory]
    [InlineData("* * *", "expected exactly 5 fields, found 3: [* * *]")]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("0 0 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    public void Parse_BadSchedule_SaysWhy(string schedule, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CronSchedule.Parse(schedule)).Message);

    private void Create(string schedule = "*/5 * * * *", ConcurrencyPolicy policy = ConcurrencyPolicy.Allow, long? deadline = null, int successful = 3, bool suspend = false) =>
        _api.Put(new CronJob
        {
            Metadata = new ObjectMeta { Name = "tick", Namespace = "default", Uid = "uid-tick", CreationTimestamp = Start },
            Spec = new CronJobSpec
            {
                Schedule = schedule,
                ConcurrencyPolicy = policy,
                StartingDeadlineSeconds = deadline,
                SuccessfulJobsHistoryLimit = successful,
                FailedJobsHistoryLimit = 1,
                Suspend = suspend,
                JobTemplate = new JobTemplateSpec { Spec = new JobSpec { Template = new PodTemplateSpec { Spec = new PodSpec { RestartPolicy = RestartPolicy.Never, Containers = [new Container { Name = "c", Image = "busybox" }] } } } },
            },
        });

    private Task<CronJobSync> PassAsync() => new CronJobReconciler(_api).SyncAsync(Cj, Jobs, _api.Now);

    private void Complete(Job job)
    {
        var done = KubeJson.Clone(job);
        done.Status = new JobStatus { StartTime = job.Metadata.CreationTimestamp, CompletionTime = _api.Now, Conditions = [new JobCondition { Type = "Complete", Status = ConditionStatus.True }] };
        _api.Put(done);
    }

    [Fact]
    public async Task Sync_AtEachScheduledTime_StartsOneJobNamedByItsMinute()
    {
        Create();
        var first = await PassAsync();
        Assert.Empty(Jobs);
        Assert.Equal(Start.AddMinutes(3), first.RequeueAt);

        _api.Now = first.RequeueAt!.Value;
        var second = await PassAsync();

        var job = Assert.Single(Jobs);
        Assert.Equal(CronJobReconciler.JobName(Cj, Start.AddMinutes(3)), job.Metadata.Name);
        Assert.Equal($"tick-{Start.AddMinutes(3).ToUnixTimeSeconds() / 60}", job.Metadata.Name);
        Assert.Equal("uid-tick", job.Metadata.OwnerReferences!.Single().Uid);
        Assert.Equal(Start.AddMinutes(3), Cj.Status!.LastScheduleTime);
        Assert.Equal(job.Metadata.Name, Cj.Status.Active!.Single().Name);
        Assert.Equal(Start.AddMinutes(8), second.RequeueAt);

        // A second pass at the same time starts nothing more.
        await PassAsync();
        Assert.Single(Jobs);
    }

    [Fact]
    public async Task Sync_ForbidWithAJobRunning_SkipsUntilItFinishes()
    {
        Create(policy: ConcurrencyPolicy.Forbid);
        _api.Now = Start.AddMinutes(3);
        await PassAsync();
        _api.Now = Start.AddMinutes(8);

        await PassAsync();
        Assert.Single(Jobs);

        Complete(Jobs[0]);
        await PassAsync();
        Assert.Equal(2, Jobs.Count);
    }

    [Fact]
    public async Task Sync_Replace_DeletesTheRunningJobForTheNewOne()
    {
        Create(policy: ConcurrencyPolicy.Replace);
        _api.Now = Start.AddMinutes(3);
        await PassAsync();
        var old = Jobs.Single().Metadata.Name;
        _api.Now = Start.AddMinutes(8);

        await PassAsync();

        Assert.DoesNotContain(Jobs, j => j.Metadata.Name == old);
        Assert.Single(Jobs);
        Assert.Contains($"Normal SuccessfulDelete Deleted job {old}", _api.Events);
    }

    [Fact]
    public async Task Sync_PastTheStartingDeadline_MissesTheRunWithAnEvent()
    {
        Create(deadline: 30);
        _api.Now = Start.AddMinutes(3).AddSeconds(31);

        await PassAsync();

        Assert.Empty(Jobs);
        Assert.Contains("Warning MissSchedule Missed scheduled time to start a job: 2026-11-23 06:10:00 +0000 UTC", _api.Events);
    }

    [Fact]
    public async Task Sync_FinishedJobsBeyondTheHistoryLimit_AreDeletedOldestFirst()
    {
        Create(successful: 1);
        for (var i = 0; i < 3; i++)
        {
            _api.Now = Start.AddMinutes(3 + (5 * i));
            await PassAsync();
            Complete(Jobs.OrderBy(j => j.Metadata.Name, StringComparer.Ordinal).Last());
        }

        await PassAsync();

        Assert.Equal([CronJobReconciler.JobName(Cj, Start.AddMinutes(13))], Jobs.Select(j => j.Metadata.Name));
        Assert.Equal(Start.AddMinutes(13), Cj.Status!.LastSuccessfulTime);
    }

    [Fact]
    public async Task Sync_Suspended_StartsNothing()
    {
        Create(suspend: true);
        _api.Now = Start.AddHours(1);

        var sync = await PassAsync();

        Assert.Empty(Jobs);
        Assert.Null(sync.RequeueAt);
    }
}
