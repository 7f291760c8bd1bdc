using System.Text.Json;
using OrleansKube.Control.Workloads.Deployments;
using OrleansKube.Control.Workloads.History;
using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>
/// A DaemonSet's ControllerRevisions, as upstream's DaemonSet controller keeps them (constructHistory, snapshot,
/// cleanupHistory): the revision of the current template, named <c>&lt;ds&gt;-&lt;hash&gt;</c> with the hash in its
/// <c>controller-revision-hash</c> label (the label its pods carry), numbered past every older one; a template equal to an
/// older revision's takes that revision back with a new number. One revision per template, whatever the number of nodes.
/// </summary>
public static class DaemonSetHistory
{
    public const int DefaultHistoryLimit = 10;

    /// <summary>The current revision (made, or renumbered, as needed) and the older ones. <paramref name="revisions"/> are the DaemonSet's own.</summary>
    public static async Task<DaemonSetRevisions> ConstructAsync(IObjectControl control, DaemonSet ds, IReadOnlyCollection<ControllerRevision> revisions)
    {
        var data = ControllerHistory.TemplatePatch(ds.Spec?.Template);
        var matching = new List<ControllerRevision>();
        var old = new List<ControllerRevision>();
        foreach (var revision in revisions)
        {
            (ControllerHistory.Holds(revision, data) ? matching : old).Add(revision);
        }

        var next = old.Count == 0 ? 1 : old.Max(r => r.Revision) + 1;
        ControllerRevision current;
        if (matching.Count == 0)
        {
            current = await SnapshotAsync(control, ds, data, next);
        }
        else
        {
            // dedupCurHistories: the highest-numbered one stays.
            current = matching.MaxBy(r => r.Revision)!;
            foreach (var duplicate in matching.Where(r => !ReferenceEquals(r, current)))
            {
                await control.TryDeleteAsync(duplicate);
            }

            current = await ControllerHistory.RenumberAsync(control, current, Math.Max(current.Revision, next));
        }

        return new DaemonSetRevisions(current, old);
    }

    /// <summary>The hash the current revision gives its pods.</summary>
    public static string HashOf(ControllerRevision revision) => revision.Metadata.Labels?.GetValueOrDefault(DaemonPods.RevisionHashLabel) ?? "";

    /// <summary>
    /// Deletes the oldest revisions beyond the history limit that no pod carries (upstream's cleanupHistory); returns the
    /// revisions left, the current one among them.
    /// </summary>
    public static async Task<List<ControllerRevision>> CleanupAsync(IObjectControl control, DaemonSet ds, IEnumerable<Pod> pods, DaemonSetRevisions revisions)
    {
        var kept = new List<ControllerRevision>(revisions.Old) { revisions.Current };
        var toKill = revisions.Old.Count - (ds.Spec?.RevisionHistoryLimit ?? DefaultHistoryLimit);
        if (toKill <= 0)
        {
            return kept;
        }

        var live = pods.Select(p => p.Metadata.Labels?.GetValueOrDefault(DaemonPods.RevisionHashLabel)).Where(h => !string.IsNullOrEmpty(h)).ToHashSet(StringComparer.Ordinal);
        foreach (var old in revisions.Old.OrderBy(r => r.Revision))
        {
            if (toKill <= 0)
            {
                break;
            }

            if (live.Contains(HashOf(old)))
            {
                continue;
            }

            await control.TryDeleteAsync(old);
            kept.Remove(old);
            toKill--;
        }

        return kept;
    }

    // snapshot: a name taken by a revision of other data is a hash collision; the count goes up and the pass is tried again.
    private static async Task<ControllerRevision> SnapshotAsync(IObjectControl control, DaemonSet ds, JsonElement data, long number)
    {
        var hash = PodTemplateHash.Compute(ds.Spec?.Template ?? new PodTemplateSpec(), ds.Status?.CollisionCount);
        var revision = ControllerHistory.New(ds, ds.Spec?.Template, data, number, $"{ds.Metadata.Name}-{hash}", DaemonPods.RevisionHashLabel, hash);
        try
        {
            return (ControllerRevision)await control.CreateAsync(revision);
        }
        catch (Exception)
        {
            if (await control.GetAsync(Kinds.ControllerRevision, ds.Metadata.Namespace!, revision.Metadata.Name!) is not ControllerRevision taken)
            {
                throw;
            }

            if (ControllerHistory.Holds(taken, data) && ControllerRefs.IsControlledBy(taken, ds))
            {
                return taken;
            }

            var status = ds.Status ?? new DaemonSetStatus();
            await control.UpdateStatusAsync(ds with { Status = status with { CollisionCount = (status.CollisionCount ?? 0) + 1 } });
            throw;
        }
    }
}
