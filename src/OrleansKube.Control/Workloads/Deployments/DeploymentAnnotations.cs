using System.Globalization;
using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>The annotations the Deployment controller keeps on itself and its ReplicaSets, with upstream's rules.</summary>
public static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCause = "kubernetes.io/change-cause";
    public const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Upstream keeps the revision history annotation under 2,000 characters.</summary>
    private const int MaxRevisionHistoryChars = 2000;

    private static readonly HashSet<string> NotCopied = [LastAppliedConfiguration, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, "deprecated.deployment.rollback.to"];

    /// <summary>The controller's and kubectl's bookkeeping, never copied between a Deployment and its ReplicaSets.</summary>
    public static bool IsBookkeeping(string key) => NotCopied.Contains(key);

    public static long RevisionOf(KubeObject obj) =>
        obj.Metadata.Annotations?.GetValueOrDefault(Revision) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    public static long MaxRevision(IEnumerable<ReplicaSet> sets) => sets.Select(RevisionOf).DefaultIfEmpty(0).Max();

    /// <summary>
    /// SetNewReplicaSetAnnotations: the deployment's annotations copied (but its own bookkeeping), the revision
    /// raised to <paramref name="newRevision"/> (keeping a rolled-back-to set's former revisions in the history), and
    /// for a set about to be created the replica annotations. Returns whether anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, bool exists)
    {
        rs.Metadata.Annotations = rs.Metadata.Annotations is { } current ? new(current, StringComparer.Ordinal) : new(StringComparer.Ordinal);
        var annotations = rs.Metadata.Annotations;
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? [])
        {
            if (!IsBookkeeping(key) && annotations.GetValueOrDefault(key) != value)
            {
                annotations[key] = value;
                changed = true;
            }
        }

        var hadRevision = annotations.TryGetValue(Revision, out var oldText);
        var oldRevision = 0L;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRevision))
        {
            return false;
        }

        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                var history = annotations.GetValueOrDefault(RevisionHistory) is { Length: > 0 } h ? h.Split(',').ToList() : [];
                history.Add(oldText!);
                while (string.Join(",", history).Length > MaxRevisionHistoryChars && history.Count > 1)
                {
                    history.RemoveAt(0);
                }

                annotations[RevisionHistory] = string.Join(",", history);
            }
        }

        if (!exists && SetReplicasAnnotations(rs, RolloutMath.Replicas(d), RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Whether <see cref="SetNewReplicaSetAnnotations"/> would change the existing set <paramref name="rs"/>
    /// (<c>exists: true</c>), read without copying it: most passes find the new set's annotations current.
    /// </summary>
    public static bool NewReplicaSetAnnotationsChange(Deployment d, ReplicaSet rs, long newRevision)
    {
        var annotations = rs.Metadata.Annotations;
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? [])
        {
            changed |= !IsBookkeeping(key) && annotations?.GetValueOrDefault(key) != value;
        }

        if (annotations is null || !annotations.TryGetValue(Revision, out var text))
        {
            return true; // no revision yet: newRevision (at least 1) is set
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var oldRevision))
        {
            return false;
        }

        return changed || oldRevision < newRevision;
    }

    /// <summary>desired-replicas and max-replicas, which tell a later pass whether the deployment was scaled meanwhile.</summary>
    public static bool SetReplicasAnnotations(ReplicaSet rs, int desired, int max)
    {
        rs.Metadata.Annotations ??= new(StringComparer.Ordinal);
        var desiredText = desired.ToString(CultureInfo.InvariantCulture);
        var maxText = max.ToString(CultureInfo.InvariantCulture);
        var changed = rs.Metadata.Annotations.GetValueOrDefault(DesiredReplicas) != desiredText || rs.Metadata.Annotations.GetValueOrDefault(MaxReplicas) != maxText;
        rs.Metadata.Annotations[DesiredReplicas] = desiredText;
        rs.Metadata.Annotations[MaxReplicas] = maxText;
        return changed;
    }

    public static int? IntAnnotation(ReplicaSet rs, string key) =>
        rs.Metadata.Annotations?.GetValueOrDefault(key) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
