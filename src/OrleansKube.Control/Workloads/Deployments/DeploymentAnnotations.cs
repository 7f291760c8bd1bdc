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
        var current = rs.Metadata.Annotations;
        var annotations = current is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
        rs.Metadata.Annotations = annotations;
        if (NewAnnotations(d, current, newRevision, annotations) is not { } changed)
        {
            return false;
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
    public static bool NewReplicaSetAnnotationsChange(Deployment d, ReplicaSet rs, long newRevision) =>
        NewAnnotations(d, rs.Metadata.Annotations, newRevision, into: null) == true;

    /// <summary>
    /// Whether the deployment's annotations and <paramref name="newRevision"/> change <paramref name="current"/>, written
    /// into <paramref name="into"/> (a copy of it) when one is given. Null when the set's revision is not a number. The
    /// revision and its history are bookkeeping, never copied, so they are read from <paramref name="current"/>.
    /// </summary>
    private static bool? NewAnnotations(Deployment d, Dictionary<string, string>? current, long newRevision, Dictionary<string, string>? into)
    {
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? [])
        {
            if (!IsBookkeeping(key) && current?.GetValueOrDefault(key) != value)
            {
                changed = true;
                if (into is not null)
                {
                    into[key] = value;
                }
            }
        }

        string? oldText = null;
        var hadRevision = current?.TryGetValue(Revision, out oldText) == true;
        var oldRevision = 0L;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRevision))
        {
            return null;
        }

        if (oldRevision >= newRevision)
        {
            return changed;
        }

        if (into is not null)
        {
            into[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            if (hadRevision)
            {
                var history = current!.GetValueOrDefault(RevisionHistory) is { Length: > 0 } h ? h.Split(',').ToList() : [];
                history.Add(oldText!);
                while (string.Join(",", history).Length > MaxRevisionHistoryChars && history.Count > 1)
                {
                    history.RemoveAt(0);
                }

                into[RevisionHistory] = string.Join(",", history);
            }
        }

        return true;
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
