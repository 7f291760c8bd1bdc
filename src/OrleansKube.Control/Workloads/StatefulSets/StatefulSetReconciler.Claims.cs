using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>A pass's claims: made before their pod, given the owners the retention policy asks for, deleted on scale-down under whenScaled: Delete.</summary>
public sealed partial class StatefulSetReconciler
{
    private sealed partial class Pass
    {
        /// <summary>Creates the claims of the pod that do not exist (upstream's createPersistentVolumeClaims); a claim being deleted is waited for.</summary>
        private async Task<string?> CreateClaimsAsync(Pod pod, int ordinal)
        {
            var deleteWithSet = _spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == PersistentVolumeClaimRetentionPolicyType.Delete;
            foreach (var claim in StatefulPods.ClaimsFor(set, ordinal))
            {
                var existing = await control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!);
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
                    await control.CreateAsync(claim);
                }
                catch (Exception e)
                {
                    control.RecordEvent(set, "Warning", "FailedCreate", $"create Claim {claim.Metadata.Name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {e.Message}");
                    return e.Message;
                }

                control.RecordEvent(set, "Normal", "SuccessfulCreate", $"create Claim {claim.Metadata.Name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success");
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
                if (await control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!) is not PersistentVolumeClaim existing
                    || StatefulPods.ClaimOwners(set, pod, existing, condemned) is not { } owners)
                {
                    continue;
                }

                var owned = existing with { Metadata = existing.Metadata with { OwnerReferences = owners.Count == 0 ? null : owners } };
                if (await control.TryUpdateAsync(owned) is null)
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
                if (await control.GetAsync(Kinds.PersistentVolumeClaim, set.Metadata.Namespace!, claim.Metadata.Name!) is { } existing
                    && existing.Metadata.OwnerReferences?.Exists(o => o.Uid == pod.Metadata.Uid && o.Controller == true) == true
                    && !await control.TryDeleteAsync(existing))
                {
                    return $"could not delete claim {claim.Metadata.Name}";
                }
            }

            return null;
        }
    }
}
