namespace OrleansKube.Control.Nodes;

/// <summary>The flags of <c>kubectl drain</c> that decide which pods may go.</summary>
public sealed record DrainOptions(bool IgnoreDaemonSets = false, bool DeleteEmptyDirData = false, bool Force = false);

/// <summary>
/// What <c>kubectl drain</c> does with the pods of a node, by its filters: DaemonSet-managed pods are refused
/// (or, with <c>--ignore-daemonsets</c>, left alone), pods with emptyDir data are refused without
/// <c>--delete-emptydir-data</c>, pods that declare no controller are refused without <c>--force</c>; finished
/// pods always go. Refusals and warnings are worded and grouped as kubectl prints them.
/// </summary>
public sealed record DrainPlan(IReadOnlyList<Pod> ToEvict, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
{
    public const string DaemonSetError = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
    public const string DaemonSetWarning = "ignoring DaemonSet-managed Pods";
    public const string LocalStorageError = "cannot delete Pods with local storage (use --delete-emptydir-data to override)";
    public const string LocalStorageWarning = "deleting Pods with local storage";
    public const string UnmanagedError = "cannot delete Pods declare no controller (use --force to override)";
    public const string UnmanagedWarning = "deleting Pods that declare no controller";

    public static DrainPlan For(IEnumerable<Pod> pods, DrainOptions options)
    {
        var evict = new List<Pod>();
        var warnings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pod in pods.OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var name = $"{pod.Metadata.Namespace}/{pod.Metadata.Name}";
            var finished = pod.Status?.Phase is PodPhase.Succeeded or PodPhase.Failed;
            var controller = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (controller?.Kind == "DaemonSet")
            {
                Add(options.IgnoreDaemonSets ? warnings : errors, options.IgnoreDaemonSets ? DaemonSetWarning : DaemonSetError, name);
                continue;
            }

            var refused = false;
            if (!finished && pod.Spec.Volumes?.Any(v => v.EmptyDir is not null) == true)
            {
                Add(options.DeleteEmptyDirData ? warnings : errors, options.DeleteEmptyDirData ? LocalStorageWarning : LocalStorageError, name);
                refused |= !options.DeleteEmptyDirData;
            }

            if (!finished && controller is null)
            {
                Add(options.Force ? warnings : errors, options.Force ? UnmanagedWarning : UnmanagedError, name);
                refused |= !options.Force;
            }

            if (!refused)
            {
                evict.Add(pod);
            }
        }

        return new DrainPlan(evict, Lines(warnings), Lines(errors));
    }

    /// <summary>kubectl's aggregate of several refusals: one alone as it is, several in brackets.</summary>
    public string ErrorText => Errors.Count == 1 ? Errors[0] : $"[{string.Join(", ", Errors)}]";

    private static void Add(Dictionary<string, List<string>> into, string message, string pod)
    {
        if (!into.TryGetValue(message, out var pods))
        {
            into[message] = pods = [];
        }

        pods.Add(pod);
    }

    private static List<string> Lines(Dictionary<string, List<string>> grouped) => [.. grouped.Select(g => $"{g.Key}: {string.Join(", ", g.Value)}")];
}
