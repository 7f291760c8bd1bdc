using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>
/// Scaling a deployment mid-rollout (or paused): the added or removed replicas are spread over the active
/// ReplicaSets in proportion to their size, larger sets first (newer first when adding, older first when
/// removing), and the rounding leftover goes to the largest.
/// </summary>
public sealed partial class DeploymentReconciler
{
    private async Task ScaleAsync(ReplicaSet? newRs, List<ReplicaSet> oldSets)
    {
        var replicas = RolloutMath.Replicas(_d);
        var all = oldSets.Append(newRs).OfType<ReplicaSet>().ToList();
        var active = Active(all).ToList();
        var activeOrLatest = active.Count switch
        {
            0 => newRs ?? oldSets.OrderByDescending(rs => rs.Metadata.CreationTimestamp).ThenByDescending(rs => rs.Metadata.Name, StringComparer.Ordinal).FirstOrDefault(),
            1 => active[0],
            _ => null,
        };
        if (activeOrLatest is not null)
        {
            if (activeOrLatest.Spec?.Replicas != replicas)
            {
                await ScaleReplicaSetAsync(activeOrLatest, replicas);
            }

            return;
        }

        if (newRs is not null && IsSaturated(newRs))
        {
            foreach (var old in Active(oldSets).ToList())
            {
                await ScaleReplicaSetAsync(old, 0);
            }

            return;
        }

        if (!RolloutMath.IsRollingUpdate(_d))
        {
            return;
        }

        var current = active.Sum(rs => rs.Spec?.Replicas ?? 0);
        var allowed = replicas > 0 ? replicas + RolloutMath.MaxSurge(_d) : 0;
        var toAdd = allowed - current;
        var ordered = toAdd > 0
            ? active.OrderByDescending(rs => rs.Spec?.Replicas ?? 0).ThenByDescending(rs => rs.Metadata.CreationTimestamp).ThenByDescending(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList()
            : active.OrderByDescending(rs => rs.Spec?.Replicas ?? 0).ThenBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(rs, toAdd, added);
            sizes[rs.Metadata.Name!] = (rs.Spec?.Replicas ?? 0) + proportion;
            added += proportion;
        }

        var operation = toAdd > 0 ? "up" : "down";
        for (var i = 0; i < ordered.Count; i++)
        {
            var rs = ordered[i];
            var size = sizes[rs.Metadata.Name!];
            if (i == 0 && toAdd != 0)
            {
                size = Math.Max(0, size + toAdd - added);
            }

            await ScaleReplicaSetAsync(rs, size, operation);
        }
    }

    // GetProportion: this set's share of the change, never beyond what is left to add or remove.
    private int Proportion(ReplicaSet rs, int toAdd, int added)
    {
        var replicas = rs.Spec?.Replicas ?? 0;
        if (replicas == 0 || toAdd == added)
        {
            return 0;
        }

        int fraction;
        if (RolloutMath.Replicas(_d) == 0)
        {
            fraction = -replicas;
        }
        else
        {
            var deploymentReplicas = RolloutMath.Replicas(_d) + RolloutMath.MaxSurge(_d);
            var annotated = DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.MaxReplicas) ?? _d.Status?.Replicas ?? 0;
            fraction = annotated == 0 ? 0 : (int)Math.Round(replicas * (double)deploymentReplicas / annotated, MidpointRounding.AwayFromZero) - replicas;
        }

        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private bool IsSaturated(ReplicaSet rs)
    {
        var replicas = RolloutMath.Replicas(_d);
        return DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) == replicas
            && rs.Spec?.Replicas == replicas && rs.Status?.AvailableReplicas == replicas;
    }
}
