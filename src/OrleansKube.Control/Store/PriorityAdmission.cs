using OrleansKube.Model.Scheduling;

namespace OrleansKube.Control.Store;

/// <summary>
/// Upstream's Priority admission plugin: a new pod's <c>priorityClassName</c> (or the global default class)
/// becomes its <c>priority</c> and <c>preemptionPolicy</c>; values the author put in the spec must agree.
/// </summary>
public static class PriorityAdmission
{
    /// <summary>The classes the API server creates itself.</summary>
    public static IReadOnlyList<PriorityClass> SystemClasses { get; } =
    [
        SystemClass("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
        SystemClass("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
    ];

    /// <summary>A system class may not be deleted (upstream's PriorityClass storage refuses it as Forbidden); null for any other name.</summary>
    public static ApiError? RefuseDeletion(string name) =>
        SystemClasses.Any(c => c.Metadata.Name == name)
            ? new ApiError(ApiErrorReason.Forbidden, $"{Kinds.PriorityClass.QualifiedPlural} \"{name}\" is forbidden: this is a system priority class and cannot be deleted")
            : null;

    /// <summary>Sets the pod's priority, preemption policy and (from a global default) class name; an error when the class is unknown or the spec disagrees.</summary>
    public static ApiError? Admit(Pod pod, IReadOnlyCollection<PriorityClass> classes)
    {
        var spec = pod.Spec;
        string? className;
        int priority;
        PreemptionPolicy policy;
        if (string.IsNullOrEmpty(spec.PriorityClassName))
        {
            // Several global defaults: upstream takes the lowest.
            var global = classes.Where(c => c.GlobalDefault == true).MinBy(c => c.Value);
            className = global?.Metadata.Name;
            priority = global?.Value ?? 0;
            policy = global?.PreemptionPolicy ?? PreemptionPolicy.PreemptLowerPriority;
        }
        else
        {
            var found = classes.FirstOrDefault(c => c.Metadata.Name == spec.PriorityClassName);
            if (found is null)
            {
                return Forbidden(pod, $"no PriorityClass with name {spec.PriorityClassName} was found");
            }

            className = found.Metadata.Name;
            priority = found.Value;
            policy = found.PreemptionPolicy ?? PreemptionPolicy.PreemptLowerPriority;
        }

        if (spec.Priority is { } given && given != priority)
        {
            return Forbidden(pod, $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }

        if (spec.PreemptionPolicy is { } givenPolicy && givenPolicy != policy)
        {
            return Forbidden(pod, $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
        }

        spec.PriorityClassName = className;
        spec.Priority = priority;
        spec.PreemptionPolicy = policy;
        return null;
    }

    /// <summary>
    /// A pod re-applied without what admission set (as a manifest is) keeps the stored values: apply replaces
    /// what the author wrote, not what the server filled in.
    /// </summary>
    public static void KeepAdmitted(Pod stored, Pod incoming)
    {
        incoming.Spec.PriorityClassName ??= stored.Spec.PriorityClassName;
        incoming.Spec.Priority ??= stored.Spec.Priority;
        incoming.Spec.PreemptionPolicy ??= stored.Spec.PreemptionPolicy;
    }

    private static ApiError Forbidden(Pod pod, string reason) =>
        new(ApiErrorReason.Forbidden, $"pods \"{pod.Metadata.Name}\" is forbidden: {reason}");

    private static PriorityClass SystemClass(string name, int value, string description) => new()
    {
        ApiVersion = "scheduling.k8s.io/v1",
        Kind = "PriorityClass",
        Metadata = new ObjectMeta { Name = name },
        Value = value,
        Description = description,
        PreemptionPolicy = PreemptionPolicy.PreemptLowerPriority,
    };
}
