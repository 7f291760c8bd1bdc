using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Workloads.Jobs;

/// <summary>The labels and annotations the API server and the Job controller put on a Job and its pods.</summary>
public static class JobLabels
{
    public const string ControllerUid = "batch.kubernetes.io/controller-uid";
    public const string JobName = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUid = "controller-uid";
    public const string LegacyJobName = "job-name";
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";

    /// <summary>
    /// What the API server does for a Job without manualSelector: a selector on its uid, and the template
    /// labelled to match (both label generations, as upstream). A later update keeps them.
    /// </summary>
    public static void GenerateSelector(Job job, Job? stored = null)
    {
        if (job.Spec is not { } spec || spec.ManualSelector == true)
        {
            return;
        }

        var uid = stored?.Metadata.Uid ?? job.Metadata.Uid!;
        spec.Selector = stored?.Spec?.Selector ?? new LabelSelector { MatchLabels = new() { [ControllerUid] = uid } };
        spec.Template ??= new PodTemplateSpec();
        spec.Template.Metadata ??= new ObjectMeta();
        var labels = spec.Template.Metadata.Labels ??= [];
        labels[ControllerUid] = uid;
        labels[JobName] = job.Metadata.Name!;
        labels[LegacyControllerUid] = uid;
        labels[LegacyJobName] = job.Metadata.Name!;
    }
}
