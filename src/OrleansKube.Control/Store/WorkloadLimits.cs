using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Store;

/// <summary>
/// A guard upstream leaves to quotas: how many pods one workload may ask for (Deployment and ReplicaSet replicas, a
/// Job's completions and parallelism, also in a CronJob's template). Every pod is a grain with a timer, so a typo of
/// 100,000,000 replicas would otherwise run the silos out of memory.
/// </summary>
public static class WorkloadLimits
{
    /// <summary>The default of <c>--max-pods-per-workload</c>.</summary>
    public const int DefaultMaxPodsPerWorkload = 100_000;

    /// <summary>The fields of <paramref name="obj"/> asking for more than <paramref name="maxPods"/> pods (none when <paramref name="maxPods"/> is 0: no limit).</summary>
    public static List<FieldError> Check(KubeObject obj, int maxPods)
    {
        var errors = new List<FieldError>();
        if (maxPods <= 0)
        {
            return errors;
        }

        void Limit(string path, int? value)
        {
            if (value > maxPods)
            {
                errors.Add(FieldError.Invalid(path, value, $"must be less than or equal to {maxPods} (the cluster's --max-pods-per-workload)"));
            }
        }

        switch (obj)
        {
            case Deployment { Spec: { } spec }:
                Limit("spec.replicas", spec.Replicas);
                break;
            case ReplicaSet { Spec: { } spec }:
                Limit("spec.replicas", spec.Replicas);
                break;
            case ReplicationController { Spec: { } spec }:
                Limit("spec.replicas", spec.Replicas);
                break;
            case Job { Spec: { } spec }:
                Limit("spec.completions", spec.Completions);
                Limit("spec.parallelism", spec.Parallelism);
                break;
            case CronJob { Spec.JobTemplate.Spec: { } spec }:
                Limit("spec.jobTemplate.spec.completions", spec.Completions);
                Limit("spec.jobTemplate.spec.parallelism", spec.Parallelism);
                break;
        }

        return errors;
    }
}
