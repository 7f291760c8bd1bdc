using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.ReplicaSets;

/// <summary>
/// One pass of the ReplicaSet controller (upstream's syncReplicaSet): claim pods (adopt matching orphans, release
/// pods that stopped matching), then, once the expectations of the last pass are met, create the missing pods in
/// slow-start batches or delete the surplus in <see cref="ActivePodRanking"/> order, at most 500 a pass; the
/// status is computed and written on every pass.
/// </summary>
public sealed class ReplicaSetReconciler(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>Upstream's burstReplicas: the most pods one pass creates or deletes.</summary>
    public const int BurstReplicas = 500;

    public async Task<ReplicaSetSync> SyncAsync(ReplicaSet rs, IReadOnlyCollection<Pod> pods, DateTimeOffset now)
    {
        var pass = await SyncPodsAsync(rs, rs, pods, now);
        var stored = rs;
        if (!StatusComparison.Same(rs.Status, pass.Status))
        {
            stored = (ReplicaSet)await control.UpdateStatusAsync(rs with { Status = pass.Status });
        }

        return new ReplicaSetSync(stored, pass.Pods, pass.RequeueAt);
    }

    /// <summary>
    /// The pass without its status write, for <paramref name="owner"/>: the ReplicaSet <paramref name="rs"/> itself, or the
    /// object it stands for (a ReplicationController, as upstream runs them with this controller's code). The pods are
    /// claimed for, created for and owned by <paramref name="owner"/>, and its events are recorded on it.
    /// </summary>
    public async Task<ReplicaSetPass> SyncPodsAsync(KubeObject owner, ReplicaSet rs, IReadOnlyCollection<Pod> pods, DateTimeOffset now)
    {
        var spec = rs.Spec ?? new ReplicaSetSpec();
        var claimed = await ControllerRefs.ClaimAsync(control, owner, LabelSelectors.ToSelector(spec.Selector), pods);

        var active = new List<Pod>(claimed.Count);
        foreach (var pod in claimed)
        {
            if (PodStates.IsActive(pod))
            {
                active.Add(pod);
            }
        }

        string? error = null;
        if (expectations.Satisfied(now) && rs.Metadata.DeletionTimestamp is null)
        {
            error = await ManageReplicasAsync(owner, spec.Template!, active, spec.Replicas ?? 1, now);
        }

        var status = CalculateStatus(rs, active, error, now);

        // When the next ready pod becomes available (minReadySeconds): a loop, as the status's, on every pass.
        var minReady = spec.MinReadySeconds ?? 0;
        DateTimeOffset? requeue = null;
        for (var i = 0; minReady > 0 && i < active.Count; i++)
        {
            if (PodStates.AvailableAt(active[i], minReady, now) is { } at && (requeue is null || at < requeue))
            {
                requeue = at;
            }
        }

        if (error is not null)
        {
            // Upstream's sync returns the error and its work queue requeues the ReplicaSet, rate-limited: a time already
            // come is the controller's rate-limited requeue. The status alone would not bring it back if it did not change.
            requeue = now;
        }

        return new ReplicaSetPass(status, claimed, requeue);
    }

    /// <summary>
    /// Whether a pod's change can change what a pass does: its claim (labels, its controller), whether it counts as active
    /// (phase, deletion), the status's counts (labels, readiness and since when). A bind or a status on the way to
    /// Running changes none of them: the controller's view takes the pod (scale-down ranks pods by node and phase) without
    /// a pass, where upstream's would run one that writes nothing.
    /// </summary>
    public static bool PassNeeded(Pod before, Pod after) =>
        before.Metadata.DeletionTimestamp != after.Metadata.DeletionTimestamp
        || before.Status?.Phase != after.Status?.Phase
        || !StatusComparison.Same(before.Metadata.Labels, after.Metadata.Labels)
        || ControllerRefs.ControllerOf(before)?.Uid != ControllerRefs.ControllerOf(after)?.Uid
        || PodStates.ReadySince(before) != PodStates.ReadySince(after);

    public static ReplicaSetStatus CalculateStatus(ReplicaSet rs, IReadOnlyList<Pod> active, string? manageError, DateTimeOffset now)
    {
        var templateLabels = rs.Spec?.Template?.Metadata?.Labels;
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        var conditions = (rs.Status?.Conditions ?? []).ToList();
        var failure = conditions.FirstOrDefault(c => c.Type == "ReplicaFailure");
        if (manageError is not null && failure is null)
        {
            var reason = active.Count < (rs.Spec?.Replicas ?? 1) ? "FailedCreate" : "FailedDelete";
            conditions.Add(new ReplicaSetCondition { Type = "ReplicaFailure", Status = ConditionStatus.True, LastTransitionTime = now, Reason = reason, Message = manageError });
        }
        else if (manageError is null && failure is not null)
        {
            conditions.Remove(failure);
        }

        // One loop over the pods, no lambdas: a pass runs on every change of any of them.
        int fullyLabeled = 0, ready = 0, available = 0;
        foreach (var pod in active)
        {
            fullyLabeled += HasLabels(pod.Metadata.Labels, templateLabels) ? 1 : 0;
            ready += PodStates.IsReady(pod) ? 1 : 0;
            available += PodStates.IsAvailable(pod, minReady, now) ? 1 : 0;
        }

        return new ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = fullyLabeled,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }

    private static bool HasLabels(Dictionary<string, string>? labels, Dictionary<string, string>? wanted)
    {
        if (wanted is null)
        {
            return true;
        }

        foreach (var (key, value) in wanted)
        {
            if (labels is null || !labels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<string?> ManageReplicasAsync(KubeObject owner, PodTemplateSpec template, List<Pod> active, int replicas, DateTimeOffset now)
    {
        var diff = active.Count - replicas;
        var pods = new PodControl(control, expectations);
        if (diff < 0)
        {
            return (await pods.CreateAsync(owner, Math.Min(-diff, BurstReplicas), _ => PodTemplates.NewPod(template, owner), now)).Error;
        }

        return diff > 0 ? await pods.DeleteAsync(owner, ActivePodRanking.PodsToDelete(active, Math.Min(diff, BurstReplicas), now), now) : null;
    }
}
