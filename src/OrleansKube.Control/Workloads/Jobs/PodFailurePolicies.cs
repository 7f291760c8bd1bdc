using OrleansKube.Model.Batch;

namespace OrleansKube.Control.Workloads.Jobs;

/// <summary>
/// Upstream's matchPodFailurePolicy: the first rule a failed pod matches decides what its failure means — a non-zero
/// exit code of a container (or of the named one) in or not in the rule's values, or a condition the pod has with the
/// pattern's status. No rule matched: the failure counts, as without a policy.
/// </summary>
public static class PodFailurePolicies
{
    public const string Reason = "PodFailurePolicy";

    public static (PodFailurePolicyAction Action, string Message)? Match(PodFailurePolicy? policy, Pod pod)
    {
        var rules = policy?.Rules ?? [];
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            if (rule.OnExitCodes is { } onExitCodes && FailedContainer(onExitCodes, pod) is { } container)
            {
                return (rule.Action, $"Container {container.Name} for pod {pod.Metadata.Namespace}/{pod.Metadata.Name} failed with exit code {container.State!.Terminated!.ExitCode} matching {rule.Action} rule at index {index}");
            }

            foreach (var pattern in rule.OnPodConditions ?? [])
            {
                if (pod.Status?.Conditions?.Any(c => c.Type == pattern.Type && c.Status == pattern.Status) == true)
                {
                    return (rule.Action, $"Pod {pod.Metadata.Namespace}/{pod.Metadata.Name} has condition {pattern.Type} matching {rule.Action} rule at index {index}");
                }
            }
        }

        return null;
    }

    private static ContainerStatus? FailedContainer(PodFailurePolicyOnExitCodesRequirement requirement, Pod pod) =>
        (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []).FirstOrDefault(status =>
            status.State?.Terminated is { ExitCode: not 0 } terminated
            && (requirement.ContainerName is null || requirement.ContainerName == status.Name)
            && requirement.Values.Contains(terminated.ExitCode) == (requirement.Operator == PodFailurePolicyOnExitCodesOperator.In));
}
