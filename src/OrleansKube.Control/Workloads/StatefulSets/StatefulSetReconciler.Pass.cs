using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>A pass's pods: made, deleted and rolled in upstream's order.</summary>
public sealed partial class StatefulSetReconciler
{
    /// <summary>The writes of one pass, in upstream's order; returns the first error.</summary>
    private sealed partial class Pass(IObjectControl control, ControllerExpectations expectations, StatefulSet set, PodTemplateSpec currentTemplate, string currentRevision, string updateRevision, DateTimeOffset now)
    {
        private readonly StatefulSetSpec _spec = set.Spec ?? new StatefulSetSpec();

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
                    control.RecordEvent(set, "Warning", "RecreatingFailedPod", $"StatefulSet {set.Metadata.Namespace}/{set.Metadata.Name} is recreating failed Pod {pod.Metadata.Name}");
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
                control.RecordEvent(set, "Warning", "FailedCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {claimError}");
                return claimError;
            }

            expectations.ExpectCreations(1, now);
            try
            {
                Created.Add((Pod)await control.CreateAsync(pod));
            }
            catch (Exception e)
            {
                expectations.CreationObserved();
                control.RecordEvent(set, "Warning", "FailedCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                return e.Message;
            }

            control.RecordEvent(set, "Normal", "SuccessfulCreate", $"create Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
            return null;
        }

        // Upstream's newVersionedStatefulSetPod: below the partition a pod is made at the current revision (the template
        // its ControllerRevision restores); otherwise at the update revision.
        private (PodTemplateSpec Template, string Revision) VersionFor(int ordinal)
        {
            var update = (_spec.Template ?? new PodTemplateSpec(), updateRevision);
            if (currentRevision == updateRevision || _spec.UpdateStrategy?.Type == StatefulSetUpdateStrategyType.OnDelete)
            {
                return update;
            }

            var partition = _spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
            return ordinal < StatefulPods.StartOrdinal(set) + partition ? (currentTemplate, currentRevision) : update;
        }

        private async Task<string?> DeleteAsync(Pod pod)
        {
            expectations.ExpectDeletions([pod.Metadata.Name!], now);
            try
            {
                await control.DeleteAsync(pod);
            }
            catch (Exception e)
            {
                expectations.DeletionObserved(pod.Metadata.Name!);
                control.RecordEvent(set, "Warning", "FailedDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                return e.Message;
            }

            control.RecordEvent(set, "Normal", "SuccessfulDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
            return null;
        }
    }
}
