using OrleansKube.Control.Store;
using OrleansKube.Model.Batch;

namespace OrleansKube.Tests.Store;

public class WorkloadLimitsTests
{
    public sealed record LimitCase(string Sentence, KubeObject Object, int MaxPods, string[] Expected)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<LimitCase> Cases() =>
    [
        new LimitCase("a Deployment of 100,000,000 replicas is refused naming spec.replicas and the limit", Deployment(100_000_000), 100_000,
            ["spec.replicas: Invalid value: 100000000: must be less than or equal to 100000 (the cluster's --max-pods-per-workload)"]),
        new LimitCase("a Deployment at the limit is accepted", Deployment(100_000), 100_000, []),
        new LimitCase("a ReplicaSet over the limit is refused", new ReplicaSet { Spec = new ReplicaSetSpec { Replicas = 11 } }, 10,
            ["spec.replicas: Invalid value: 11: must be less than or equal to 10 (the cluster's --max-pods-per-workload)"]),
        new LimitCase("a Job's completions and parallelism are both checked", new Job { Spec = new JobSpec { Completions = 100_000_000, Parallelism = 200_000 } }, 100_000,
            ["spec.completions: Invalid value: 100000000: must be less than or equal to 100000 (the cluster's --max-pods-per-workload)",
             "spec.parallelism: Invalid value: 200000: must be less than or equal to 100000 (the cluster's --max-pods-per-workload)"]),
        new LimitCase("a CronJob's job template is checked", new CronJob { Spec = new CronJobSpec { JobTemplate = new JobTemplateSpec { Spec = new JobSpec { Completions = 11 } } } }, 10,
            ["spec.jobTemplate.spec.completions: Invalid value: 11: must be less than or equal to 10 (the cluster's --max-pods-per-workload)"]),
        new LimitCase("0 turns the limit off", Deployment(100_000_000), 0, []),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_Workload_RefusesCountsOverTheLimit(LimitCase c) =>
        Assert.Equal(c.Expected, WorkloadLimits.Check(c.Object, c.MaxPods).Select(e => e.ToString()));

    private static Deployment Deployment(int replicas) => new() { Spec = new DeploymentSpec { Replicas = replicas } };
}
