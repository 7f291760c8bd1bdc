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
public sealed class StatefulSetReconciler(IObjectControl control, ControllerExpectations expectations)
{
    /// <summary>One pass; <paramref name="revisions"/> holds the templates of revisions seen before, by name (pods below the partition keep theirs).</summary>
    public async Task<StatefulSetSync> SyncAsync(StatefulSet set, IReadOnlyCollection<Pod> pods, IReadOnlyDictionary<string, PodTemplateSpec> revisions, DateTimeOffset now)
    {
        var spec = set.Spec ?? new StatefulSetSpec();
        var members = pods.Where(p => StatefulPods.OrdinalOf(set, p) >= 0);
        var claimed = await ControllerRefs.ClaimAsync(control, set, LabelSelectors.ToSelector(spec.Selector), members);

        var updateRevision = StatefulPods.RevisionOf(set, spec.Template);
        var currentRevision = set.Status?.CurrentRevision ?? updateRevision;

        string? error = null;
        IReadOnlyList<Pod> counted = claimed;
        if (expectations.Satisfied(now) && set.Metadata.DeletionTimestamp is null)
        {
            var pass = new Pass(control, expectations, set, revisions, currentRevision, updateRevision, now);
            error = await pass.RunAsync(claimed);

            // As upstream, the pods made this pass count in its status: a pod below the partition made again at the
            // current revision keeps the rolling update from looking complete.
            counted = pass.Created.Count == 0 ? claimed : [.. claimed, .. pass.Created];
        }

        var status = CalculateStatus(set, counted, currentRevision, updateRevision, now);
        var stored = set;
        if (!StatusComparison.Same(set.Status, status))
        {
            stored = (StatefulSet)await control.UpdateStatusAsync(set with { Status = status });
        }

        var minReady = spec.MinReadySeconds ?? 0;
        DateTimeOffset? requeue = null;
        foreach (var pod in claimed)
        {
            if (PodStates.AvailableAt(pod, minReady, now) is { } at && (requeue is null || at < requeue))
            {
                requeue = at;
            }
        }

        return new StatefulSetSync(stored, claimed, error is null ? requeue : now);
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

    /// <summary>The writes of one pass, in upstream's order; returns the first error.</summary>
    private sealed class Pass(IObjectControl control, ControllerExpectations expectations, StatefulSet set, IReadOnlyDictionary<string, PodTemplateSpec> revisions, string currentRevision, string updateRevision, DateTimeOffset now)
    {
        private readonly StatefulSetSpec _spec = set.Spec ?? new StatefulSetSpec();

        private IObjectControl Control => control;

        private ControllerExpectations Expectations => expectations;

        /// <summary>The pods this pass created, as stored.</summary>
        public List<Pod> Created { get; } = [];

        private bool Monotonic => _spec.PodManagementPolicy != PodManagementPolicyType.Parallel;

        public async Task<string?> RunAsync(List<Pod> pods)
        {
            var start = StatefulPods.StartOrdinal(set);
            var replicas = new Pod?[Math.Max(0, StatefulPods.Replicas(set))];
            var condemned = new List<(int Ordinal, Pod Pod)>();
            foreach (var pod in pods)
            {
                var ordinal = StatefulPods.OrdinalOf(set, pod);
                if (ordinal - start is var index && index >= 0 && index < replicas.Length)
                {
                    replicas[index] = pod;
                }
                else
                {
                    condemned.Add((ordinal, pod));
                }
            }

            condemned.Sort((a, b) => b.Ordinal.CompareTo(a.Ordinal));

            // Every ordinal gets its pod, in order; OrderedReady waits on each until it runs, ready and available.
            for (var i = 0; i < replicas.Length; i++)
            {
                var ordinal = start + i;
                var pod = replicas[i];
                if (pod is null)
                {
                    if (await CreateAsync(ordinal) is { } error)
                    {
                        return error;
                    }

                    if (Monotonic)
                    {
                        return null;
                    }

                    continue;
                }

                if (PodStates.IsTerminal(pod) && pod.Metadata.DeletionTimestamp is null)
                {
                    // Made again under the same name once it is gone.
                    Control.RecordEvent(set, "Warning", "RecreatingFailedPod", $"StatefulSet {set.Metadata.Namespace}/{set.Metadata.Name} is recreating failed Pod {pod.Metadata.Name}");
                    if (await DeleteAsync(pod) is { } error)
                    {
                        return error;
                    }

                    if (Monotonic)
                    {
                        return null;
                    }

                    continue;
                }

                if (Monotonic && (pod.Metadata.DeletionTimestamp is not null || !StatefulPods.IsRunningAndReady(pod) || !PodStates.IsAvailable(pod, _spec.MinReadySeconds ?? 0, now)))
                {
                    return null;
                }

                if (pod.Metadata.DeletionTimestamp is null && await SyncClaimOwnersAsync(pod, condemned: false) is { } ownersError)
                {
                    return ownersError;
                }
            }

            // The ordinals beyond the replicas go, highest first; OrderedReady waits for each to be gone.
            foreach (var (_, pod) in condemned)
            {
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    if (Monotonic)
                    {
                        return null;
                    }

                    continue;
                }

                if (await SyncClaimOwnersAsync(pod, condemned: true) is { } claimError)
                {
                    return claimError;
                }

                if (await DeleteAsync(pod) is { } error)
                {
                    return error;
                }

                if (await DeleteScaledClaimsAsync(pod) is { } deleteError)
                {
                    return deleteError;
                }

                if (Monotonic)
                {
                    return null;
                }
            }

            if (_spec.UpdateStrategy?.Type == StatefulSetUpdateStrategyType.OnDelete)
            {
                return null; // pods are replaced only when someone deletes them
            }

            // Rolling update: the highest ordinal of an old revision at or above the partition is deleted, one at a time,
            // each replacement healthy before the next.
            var partition = Math.Max(0, _spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0);
            for (var i = replicas.Length - 1; i >= partition; i--)
            {
                if (replicas[i] is not { } pod)
                {
                    return null; // just created this pass: at the update revision, not yet healthy
                }

                if (StatefulPods.RevisionOf(pod) != updateRevision && pod.Metadata.DeletionTimestamp is null)
                {
                    return await DeleteAsync(pod);
                }

                if (!StatefulPods.IsHealthy(pod))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>The ordinal's claims (those missing), then its pod, at the revision its place in the partition gives it.</summary>
        private async Task<string?> CreateAsync(int ordinal)
        {
            var (template, revision) = VersionFor(ordinal);
            var pod = StatefulPods.NewPod(set, template, revision, ordinal);
            if (await CreateClaimsAsync(pod, ordinal) is { } claimError)
            {
                Control.RecordEvent(set, "Warning", "FailedCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {claimError}");
                return claimError;
            }

            Expectations.ExpectCreations(1, now);
            try
            {
                Created.Add((Pod)await Control.CreateAsync(pod));
            }
            catch (Exception e)
            {
                Expectations.CreationObserved();
                Control.RecordEvent(set, "Warning", "FailedCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                return e.Message;
            }

            Control.RecordEvent(set, "Normal", "SuccessfulCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
            return null;
        }

        // Upstream's newVersionedStatefulSetPod: below the partition a pod is made at the current revision, if its
        // template is known (this controller keeps no ControllerRevisions); otherwise at the update revision.
        private (PodTemplateSpec Template, string Revision) VersionFor(int ordinal)
        {
            var update = (_spec.Template ?? new PodTemplateSpec(), updateRevision);
            if (currentRevision == updateRevision || _spec.UpdateStrategy?.Type == StatefulSetUpdateStrategyType.OnDelete)
            {
                return update;
            }

            var partition = _spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
            return ordinal < StatefulPods.StartOrdinal(set) + partition && revisions.TryGetValue(currentRevision, out var current)
                ? (current, currentRevision)
                : update;
        }

        /// <summary>Creates the claims of the pod that do not exist (upstream's createPersistentVolumeClaims); a claim being deleted is waited for.</summary>
        private async Task<string?> CreateClaimsAsync(Pod pod, int ordinal)
        {
            var deleteWithSet = _spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == PersistentVolumeClaimRetentionPolicyType.Delete;
            foreach (var claim in StatefulPods.ClaimsFor(set, ordinal))
            {
                var existing = await Control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!);
                if (existing is not null)
                {
                    if (existing.Metadata.DeletionTimestamp is not null)
                    {
                        return $"pvc {claim.Metadata.Name} is being deleted";
                    }

                    continue; // kept from an earlier pod of the ordinal: the same data
                }

                if (deleteWithSet)
                {
                    claim.Metadata.OwnerReferences = [ControllerRefs.For(set)];
                }

                try
                {
                    await Control.CreateAsync(claim);
                }
                catch (Exception e)
                {
                    Control.RecordEvent(set, "Warning", "FailedCreate", $"create Claim {claim.Metadata.Name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                    return e.Message;
                }

                Control.RecordEvent(set, "Normal", "SuccessfulCreate", $"create Claim {claim.Metadata.Name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success");
            }

            return null;
        }

        /// <summary>The claims of the pod given the owners the retention policy asks for, where they differ (upstream's UpdatePodClaimForRetentionPolicy).</summary>
        private async Task<string?> SyncClaimOwnersAsync(Pod pod, bool condemned)
        {
            if (_spec.PersistentVolumeClaimRetentionPolicy is not { } policy
                || (policy.WhenDeleted is null or PersistentVolumeClaimRetentionPolicyType.Retain && policy.WhenScaled is null or PersistentVolumeClaimRetentionPolicyType.Retain))
            {
                return null; // Retain, Retain: claims are nobody's, and not looked at
            }

            foreach (var claim in StatefulPods.ClaimsFor(set, StatefulPods.OrdinalOf(set, pod)))
            {
                if (await Control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!) is not PersistentVolumeClaim existing
                    || StatefulPods.ClaimOwners(set, pod, existing, condemned) is not { } owners)
                {
                    continue;
                }

                var owned = existing with { Metadata = existing.Metadata with { OwnerReferences = owners.Count == 0 ? null : owners } };
                if (await Control.TryUpdateAsync(owned) is null)
                {
                    return $"could not update the owners of claim {claim.Metadata.Name}";
                }
            }

            return null;
        }

        /// <summary>
        /// whenScaled: Delete: a condemned pod's claims are deleted with it. Upstream's garbage collector deletes them once
        /// the pod that now owns them is gone; here pods hand nothing to the collector, so the controller deletes them.
        /// </summary>
        private async Task<string?> DeleteScaledClaimsAsync(Pod pod)
        {
            if (_spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled != PersistentVolumeClaimRetentionPolicyType.Delete)
            {
                return null;
            }

            foreach (var claim in StatefulPods.ClaimsFor(set, StatefulPods.OrdinalOf(set, pod)))
            {
                if (await Control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!) is { } existing
                    && existing.Metadata.OwnerReferences?.Exists(o => o.Uid == pod.Metadata.Uid && o.Controller == true) == true
                    && !await Control.TryDeleteAsync(existing))
                {
                    return $"could not delete claim {claim.Metadata.Name}";
                }
            }

            return null;
        }

        private async Task<string?> DeleteAsync(Pod pod)
        {
            Expectations.ExpectDeletions([pod.Metadata.Name!], now);
            try
            {
                await Control.DeleteAsync(pod);
            }
            catch (Exception e)
            {
                Expectations.DeletionObserved(pod.Metadata.Name!);
                Control.RecordEvent(set, "Warning", "FailedDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                return e.Message;
            }

            Control.RecordEvent(set, "Normal", "SuccessfulDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
            return null;
        }
    }
}
