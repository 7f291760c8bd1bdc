using OrleansKube.Control.Workloads.History;
using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>
/// A StatefulSet's ControllerRevisions, as upstream's StatefulSet controller keeps them (getStatefulSetRevisions,
/// truncateHistory): one per distinct template, named <c>&lt;set&gt;-&lt;hash&gt;</c>, its data the patch that restores the
/// template. A template equal to the newest revision's is that revision; equal to an earlier one's, that one is renumbered
/// as the newest (a rollback); otherwise a new revision is made. Old revisions no pod uses go beyond revisionHistoryLimit.
/// </summary>
public static class StatefulSetHistory
{
    public const int DefaultHistoryLimit = 10;

    /// <summary>
    /// The set's current and update revisions, made or renumbered as needed (nothing is written while the set is being
    /// deleted: its update revision is then one not stored). <paramref name="revisions"/> are the set's own.
    /// </summary>
    public static async Task<StatefulSetRevisions> ResolveAsync(IObjectControl control, StatefulSet set, IReadOnlyCollection<ControllerRevision> revisions)
    {
        var sorted = ControllerHistory.Sorted(revisions);
        var collisionCount = set.Status?.CollisionCount ?? 0;
        var data = ControllerHistory.TemplatePatch(set.Spec?.Template);
        var next = ControllerHistory.NextRevision(sorted);
        var equal = sorted.FindLast(r => ControllerHistory.Holds(r, data));

        ControllerRevision update;
        if (equal is not null && ReferenceEquals(equal, sorted[^1]))
        {
            update = equal; // the template has not changed
        }
        else if (set.Metadata.DeletionTimestamp is not null)
        {
            update = equal ?? New(set, data, next, collisionCount);
        }
        else if (equal is not null)
        {
            update = await ControllerHistory.RenumberAsync(control, equal, next);
            sorted[sorted.IndexOf(equal)] = update;
        }
        else
        {
            (update, collisionCount) = await ControllerHistory.CreateAsync(control, set, New(set, data, next, collisionCount), collisionCount);
            sorted.Add(update);
        }

        var current = sorted.Find(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? update;
        return new StatefulSetRevisions(current, update, collisionCount, sorted);
    }

    /// <summary>
    /// Deletes the oldest revisions beyond the history limit (upstream's truncateHistory): the current and update revisions
    /// and every pod's are live and never count. Returns the revisions left.
    /// </summary>
    public static async Task<List<ControllerRevision>> TruncateAsync(IObjectControl control, StatefulSet set, IEnumerable<Pod> pods, StatefulSetRevisions revisions)
    {
        var live = new HashSet<string>(StringComparer.Ordinal) { revisions.Current.Metadata.Name!, revisions.Update.Metadata.Name! };
        foreach (var pod in pods)
        {
            if (StatefulPods.RevisionOf(pod) is { } revision)
            {
                live.Add(revision);
            }
        }

        var history = revisions.All.Where(r => !live.Contains(r.Metadata.Name!)).ToList();
        var limit = set.Spec?.RevisionHistoryLimit ?? DefaultHistoryLimit;
        var kept = new List<ControllerRevision>(revisions.All);
        if (limit < 0 || history.Count <= limit)
        {
            return kept;
        }

        foreach (var old in history.Take(history.Count - limit))
        {
            // One already gone is simply no longer kept.
            await control.TryDeleteAsync(old);
            kept.Remove(old);
        }

        return kept;
    }

    private static ControllerRevision New(StatefulSet set, System.Text.Json.JsonElement data, long number, int collisionCount)
    {
        var hash = ControllerHistory.Hash(data, collisionCount);
        return ControllerHistory.New(set, set.Spec?.Template, data, number, ControllerHistory.Name(set.Metadata.Name!, hash), ControllerHistory.HashLabel, hash);
    }
}
