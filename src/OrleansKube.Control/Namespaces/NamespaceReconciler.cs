namespace OrleansKube.Control.Namespaces;

/// <summary>
/// The namespace controller's decisions (upstream's namespaced-resources deleter) over a listing of a terminating
/// namespace's content: delete what is not yet being deleted, workloads before what they make, so no controller
/// refills the namespace while it empties (their creates are refused anyway); report progress in upstream's
/// conditions; finalize once nothing is left. Content still going (terminating pods, objects held by finalizers)
/// is looked at again every <see cref="RecheckPeriod"/>.
/// </summary>
public static class NamespaceReconciler
{
    public const int MaxDeletesPerTurn = 100;

    public const string ContentRemaining = "NamespaceContentRemaining";
    public const string FinalizersRemaining = "NamespaceFinalizersRemaining";
    public const string DeletionContentFailure = "NamespaceDeletionContentFailure";

    public static readonly TimeSpan RecheckPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One pass over <paramref name="content"/> (everything the namespace holds now); <paramref name="failures"/> are the
    /// refusals of the deletions since the last pass (one line each).
    /// </summary>
    public static NamespacePass Plan(Namespace ns, IReadOnlyCollection<KubeObject> content, IReadOnlyList<string> failures, DateTimeOffset now)
    {
        var status = Status(ns.Status, content, failures, now);
        var delete = content.Where(o => o.Metadata.DeletionTimestamp is null)
            .OrderBy(Rank).ThenBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal).ToList();
        var finalize = content.Count == 0;

        // Refused deletions are retried after the recheck period, not in a tight loop.
        var recheck = finalize || (delete.Count > 0 && failures.Count == 0) ? (DateTimeOffset?)null : now + RecheckPeriod;
        return new NamespacePass(status, delete, finalize, recheck);
    }

    /// <summary>Upstream's deletion conditions; a condition keeps its transition time while its status stays.</summary>
    public static NamespaceStatus Status(NamespaceStatus? current, IReadOnlyCollection<KubeObject> content, IReadOnlyList<string> failures, DateTimeOffset now)
    {
        var remaining = content.GroupBy(o => Kinds.Of(o)).Select(g => $"{g.Key.Plural}.{g.Key.Group} has {g.Count()} resource instances").Order(StringComparer.Ordinal).ToList();
        var held = content.SelectMany(o => o.Metadata.Finalizers ?? []).GroupBy(f => f).Select(g => $"{g.Key} in {g.Count()} resource instances").Order(StringComparer.Ordinal).ToList();
        NamespaceCondition[] conditions =
        [
            failures.Count > 0
                ? Condition(DeletionContentFailure, true, "ContentDeletionFailed", $"Failed to delete all resource types, {failures.Count} remaining: {string.Join(", ", failures)}")
                : Condition(DeletionContentFailure, false, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
            remaining.Count > 0
                ? Condition(ContentRemaining, true, "SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", remaining)}")
                : Condition(ContentRemaining, false, "ContentRemoved", "All content successfully removed"),
            held.Count > 0
                ? Condition(FinalizersRemaining, true, "SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {string.Join(", ", held)}")
                : Condition(FinalizersRemaining, false, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
        ];
        foreach (var condition in conditions)
        {
            var before = current?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            condition.LastTransitionTime = before is not null && before.Status == condition.Status ? before.LastTransitionTime : now;
        }

        return (current ?? new NamespaceStatus()) with { Phase = NamespacePhase.Terminating, Conditions = [.. conditions] };
    }

    private static NamespaceCondition Condition(string type, bool status, string reason, string message) =>
        new() { Type = type, Status = status ? ConditionStatus.True : ConditionStatus.False, Reason = reason, Message = message };

    // Makers before what they make; events last, as deleting pods records more of them.
    private static int Rank(KubeObject obj) => obj.Kind switch
    {
        "CronJob" => 0,
        "Deployment" or "DaemonSet" or "StatefulSet" or "Job" or "ReplicationController" => 1,
        "ReplicaSet" => 2,
        "Pod" => 4,
        "Event" => 5,
        _ => 3,
    };
}
