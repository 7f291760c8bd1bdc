using OrleansKube.Control.Workloads.History;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>
/// One pass of the StatefulSet controller (upstream's updateStatefulSet): claim the set's pods, then, once the last
/// pass's writes are seen, give every ordinal of <c>[start, start+replicas)</c> its pod (its claims created first), delete
/// failed pods to make them again under the same name, delete the ordinals beyond the replicas highest first, and roll
/// pods of an old revision from the highest ordinal down to the partition. OrderedReady stops at the first pod not yet
/// running, ready and available and does one create or delete a pass; Parallel does them all. The status is written
/// on every pass.
/// </summary>
public sealed partial class StatefulSetReconciler(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>One pass; <paramref name="revisions"/> are the ControllerRevisions seen (the set's own, and orphans it may adopt).</summary>
    public async Task<StatefulSetSync> SyncAsync(StatefulSet set, IReadOnlyCollection<Pod> pods, IReadOnlyCollection<ControllerRevision> revisions, DateTimeOffset now)
    {
        var spec = set.Spec ?? new StatefulSetSpec();
        var owned = await ControllerHistory.ClaimAsync(control, set, spec.Selector, revisions);
        var members = pods.Where(p => StatefulPods.OrdinalOf(set, p) >= 0);
        var claimed = await ControllerRefs.ClaimAsync(control, set, LabelSelectors.ToSelector(spec.Selector), members);

        var history = await StatefulSetHistory.ResolveAsync(control, set, owned);
        var currentRevision = history.Current.Metadata.Name!;
        var updateRevision = history.Update.Metadata.Name!;

        string? error = null;
        IReadOnlyList<Pod> counted = claimed;
        if (expectations.Satisfied(now) && set.Metadata.DeletionTimestamp is null)
        {
            var current = ControllerHistory.TemplateOf(history.Current) ?? spec.Template ?? new PodTemplateSpec();
            var pass = new Pass(control, expectations, set, current, currentRevision, updateRevision, now);
            error = await pass.RunAsync(claimed);

            // As upstream, the pods made this pass count in its status: a pod below the partition made again at the
            // current revision keeps the rolling update from looking complete.
            counted = pass.Created.Count == 0 ? claimed : [.. claimed, .. pass.Created];
        }

        var status = CalculateStatus(set, counted, currentRevision, updateRevision, now) with { CollisionCount = history.CollisionCount };
        var stored = set;
        if (!StatusComparison.Same(set.Status, status))
        {
            stored = (StatefulSet)await control.UpdateStatusAsync(set with { Status = status });
        }

        var kept = set.Metadata.DeletionTimestamp is null ? await StatefulSetHistory.TruncateAsync(control, set, counted, history) : history.All;

        var minReady = spec.MinReadySeconds ?? 0;
        DateTimeOffset? requeue = null;
        foreach (var pod in claimed)
        {
            if (PodStates.AvailableAt(pod, minReady, now) is { } at && (requeue is null || at < requeue))
            {
                requeue = at;
            }
        }

        return new StatefulSetSync(stored, claimed, error is null ? requeue : now, kept);
    }

    /// <summary>Upstream's computeReplicaStatus and completeRollingUpdate.</summary>
    public static StatefulSetStatus CalculateStatus(StatefulSet set, IReadOnlyList<Pod> pods, string currentRevision, string updateRevision, DateTimeOffset now)
    {
        var minReady = set.Spec?.MinReadySeconds ?? 0;
        int replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
        foreach (var pod in pods)
        {
            replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                ready++;
                available += PodStates.IsAvailable(pod, minReady, now) ? 1 : 0;
            }

            if (pod.Metadata.DeletionTimestamp is null)
            {
                var revision = StatefulPods.RevisionOf(pod);
                current += revision == currentRevision ? 1 : 0;
                updated += revision == updateRevision ? 1 : 0;
            }
        }

        // A rolling update is complete once every pod is updated and ready: the update revision becomes the current one.
        if (set.Spec?.UpdateStrategy?.Type is null or StatefulSetUpdateStrategyType.RollingUpdate && updated == replicas && ready == replicas)
        {
            current = updated;
            currentRevision = updateRevision;
        }

        return new StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            Replicas = replicas,
            ReadyReplicas = ready,
            CurrentReplicas = current,
            UpdatedReplicas = updated,
            AvailableReplicas = available,
            CurrentRevision = currentRevision,
            UpdateRevision = updateRevision,
            CollisionCount = set.Status?.CollisionCount ?? 0,
            Conditions = set.Status?.Conditions,
        };
    }
}
