using System.Globalization;
using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>kubectl's rollout logic over a Deployment and its ReplicaSets: status text, history, and the undo target.</summary>
public static class Rollouts
{
    /// <summary>kubectl rollout status's verdict: the line to print, done, or an error (the progress deadline passed).</summary>
    public static (string Message, bool Done, string? Error) Status(Deployment d)
    {
        var name = d.Metadata.Name;
        var status = d.Status ?? new DeploymentStatus();
        if (d.Metadata.Generation > (status.ObservedGeneration ?? 0))
        {
            return ("Waiting for deployment spec update to be observed...", false, null);
        }

        if (DeploymentConditions.Get(status, DeploymentConditions.Progressing)?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return ("", false, $"deployment \"{name}\" exceeded its progress deadline");
        }

        var replicas = RolloutMath.Replicas(d);
        var updated = status.UpdatedReplicas ?? 0;
        if (updated < replicas)
        {
            return ($"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...", false, null);
        }

        if ((status.Replicas ?? 0) > updated)
        {
            return ($"Waiting for deployment \"{name}\" rollout to finish: {status.Replicas - updated} old replicas are pending termination...", false, null);
        }

        if ((status.AvailableReplicas ?? 0) < updated)
        {
            return ($"Waiting for deployment \"{name}\" rollout to finish: {status.AvailableReplicas ?? 0} of {updated} updated replicas are available...", false, null);
        }

        return ($"deployment \"{name}\" successfully rolled out", true, null);
    }

    /// <summary>The revisions of the deployment's ReplicaSets, oldest first, with their change-cause (null: none).</summary>
    public static List<(long Revision, string? ChangeCause, ReplicaSet ReplicaSet)> History(Deployment d, IEnumerable<ReplicaSet> sets) =>
        [.. sets.Where(rs => ControllerRefs.IsControlledBy(rs, d))
            .Select(rs => (Revision: DeploymentAnnotations.RevisionOf(rs), ChangeCause: rs.Metadata.Annotations?.GetValueOrDefault(DeploymentAnnotations.ChangeCause), ReplicaSet: rs))
            .Where(r => r.Revision > 0)
            .OrderBy(r => r.Revision)];

    /// <summary>
    /// kubectl rollout undo: the deployment with the template (and change-cause) of <paramref name="toRevision"/>,
    /// or of the previous revision when 0; null with a message when there is nothing to do.
    /// </summary>
    public static (Deployment? RolledBack, string? Skipped) Undo(Deployment d, IEnumerable<ReplicaSet> sets, long toRevision)
    {
        if (d.Spec?.Paused == true)
        {
            throw new InvalidOperationException("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        }

        var history = History(d, sets);
        if (history.Count == 0)
        {
            throw new InvalidOperationException($"no rollout history found for deployment \"{d.Metadata.Name}\"");
        }

        ReplicaSet target;
        if (toRevision == 0)
        {
            if (history.Count < 2)
            {
                throw new InvalidOperationException($"no rollout history found for deployment \"{d.Metadata.Name}\"");
            }

            target = history[^2].ReplicaSet;
        }
        else
        {
            target = history.FirstOrDefault(h => h.Revision == toRevision).ReplicaSet
                ?? throw new InvalidOperationException($"unable to find specified revision {toRevision.ToString(CultureInfo.InvariantCulture)} in history");
        }

        if (PodTemplateHash.EqualIgnoringHash(target.Spec?.Template, d.Spec?.Template))
        {
            return (null, $"skipped rollback (current template already matches revision {DeploymentAnnotations.RevisionOf(target).ToString(CultureInfo.InvariantCulture)})");
        }

        var annotations = new Dictionary<string, string>(d.Metadata.Annotations ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in target.Metadata.Annotations ?? [])
        {
            if (!DeploymentAnnotations.IsBookkeeping(key))
            {
                annotations[key] = value;
            }
        }

        var rolledBack = d with
        {
            Metadata = d.Metadata with { Annotations = annotations },
            Spec = d.Spec! with { Template = PodTemplateHash.WithoutHash(target.Spec?.Template) },
        };
        return (rolledBack, null);
    }
}
