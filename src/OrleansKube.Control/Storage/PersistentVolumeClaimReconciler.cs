using OrleansKube.Control.Workloads;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Storage;

/// <summary>
/// The claim side of upstream's PersistentVolume controller (<c>pkg/controller/volume/persistentvolume</c>): binds a
/// Pending claim to the best fitting volume (<see cref="VolumeMatching"/>), or has the simulated provisioner make one
/// (at once for an Immediate class; for a WaitForFirstConsumer class once the scheduler named the node of the claim's
/// first pod, in that node's zone); when a bound claim is deleted, its volume is deleted or Released by its reclaim policy.
/// </summary>
public sealed class PersistentVolumeClaimReconciler(IObjectControl control)
{
    /// <summary>Upstream's resync period: a claim still waiting for a volume is looked at again after it.</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromSeconds(15);

    /// <summary>One pass over a claim; returns the claim as stored and when to look again, if it still waits.</summary>
    public async Task<(PersistentVolumeClaim Stored, DateTimeOffset? RequeueAt)> SyncAsync(
        PersistentVolumeClaim claim, StorageClass? storageClass, IReadOnlyList<PersistentVolume> volumes, Node? selectedNode, DateTimeOffset now)
    {
        if (claim.Metadata.DeletionTimestamp is not null || claim.Status?.Phase == PersistentVolumeClaimPhase.Bound)
        {
            return (claim, null);
        }

        if (claim.Spec?.VolumeName is { Length: > 0 } volumeName)
        {
            // Bound by the user to a named volume: binds once that volume exists and names no other claim.
            if (volumes.FirstOrDefault(v => v.Metadata.Name == volumeName) is { } named
                && (named.Spec?.ClaimRef is null || VolumeMatching.IsPreBoundTo(named, claim)))
            {
                return (await BindAsync(claim, named, provisioner: null), null);
            }

            return (claim, now + Resync);
        }

        var className = claim.Spec?.StorageClassName ?? "";
        var delayed = storageClass?.VolumeBindingMode == VolumeBindingMode.WaitForFirstConsumer;
        if (delayed && selectedNode is null)
        {
            control.RecordEvent(claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
            return (claim, null); // the scheduler's selected-node annotation is a change of the claim: it brings the next pass
        }

        if (VolumeMatching.FindBest(claim, volumes, delayed ? selectedNode : null) is { } match)
        {
            return (await BindAsync(claim, match, provisioner: null), null);
        }

        if (className.Length > 0 && storageClass is null)
        {
            control.RecordEvent(claim, "Warning", "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found");
            return (claim, now + Resync);
        }

        if (storageClass is null)
        {
            control.RecordEvent(claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
            return (claim, now + Resync);
        }

        var provisioner = storageClass.Provisioner;
        control.RecordEvent(claim, "Normal", "ExternalProvisioning",
            $"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
        if (provisioner != StorageClasses.SimulatedProvisioner)
        {
            return (claim, now + Resync); // another provisioner's: nobody runs it here, a volume made by hand may still come
        }

        control.RecordEvent(claim, "Normal", "Provisioning", $"External provisioner is provisioning volume for claim \"{claim.Metadata.Namespace}/{claim.Metadata.Name}\"");
        var created = (PersistentVolume)await control.CreateAsync(ProvisionedVolume(claim, storageClass, delayed ? selectedNode : null));
        control.RecordEvent(claim, "Normal", "ProvisioningSucceeded", $"Successfully provisioned volume {created.Metadata.Name}");
        return (await BindAsync(claim, created, provisioner), null);
    }

    /// <summary>Whether a bound claim asks for more storage than its status says it has: a resize to carry out.</summary>
    public static bool ExpansionPending(PersistentVolumeClaim claim) =>
        claim.Metadata.DeletionTimestamp is null && claim.Status?.Phase == PersistentVolumeClaimPhase.Bound
        && ClaimResize.Requested(claim) > (claim.Status.Capacity?.GetValueOrDefault("storage") ?? Quantity.Zero);

    /// <summary>
    /// The simulated provisioner's resizer and the kubelet's file system expansion at once (upstream's external-resizer
    /// and NodeExpandVolume): the claim's volume grows to the request, then the claim's status.capacity. A volume another
    /// provisioner made is left alone (nobody runs its resizer here).
    /// </summary>
    public async Task<PersistentVolumeClaim> ExpandAsync(PersistentVolumeClaim claim, PersistentVolume? volume)
    {
        if (volume?.Spec is not { } spec || volume.Metadata.Annotations?.GetValueOrDefault(PersistentVolume.ProvisionedByAnnotation) != StorageClasses.SimulatedProvisioner)
        {
            return claim;
        }

        var size = ClaimResize.Requested(claim);
        control.RecordEvent(claim, "Normal", "Resizing", $"External resizer is resizing volume {volume.Metadata.Name}");
        if ((spec.Capacity?.GetValueOrDefault("storage") ?? Quantity.Zero) < size)
        {
            await control.UpdateAsync(volume with { Spec = spec with { Capacity = new(spec.Capacity ?? [], StringComparer.Ordinal) { ["storage"] = size } } });
        }

        control.RecordEvent(claim, "Normal", "VolumeResizeSuccessful", "Resize volume succeeded");
        var status = claim.Status!;
        return (PersistentVolumeClaim)await control.UpdateStatusAsync(claim with
        {
            Status = status with { Capacity = new(status.Capacity ?? [], StringComparer.Ordinal) { ["storage"] = size } },
        });
    }

    /// <summary>A bound claim was deleted: its volume is deleted (Delete) or Released (Retain), as upstream's reclaimVolume.</summary>
    public async Task ReclaimAsync(PersistentVolumeClaim deleted)
    {
        if (deleted.Spec?.VolumeName is not { Length: > 0 } volumeName
            || await control.GetAsync(Kinds.PersistentVolume, "", volumeName) is not PersistentVolume volume
            || !VolumeMatching.IsPreBoundTo(volume, deleted))
        {
            return;
        }

        if (volume.Spec?.PersistentVolumeReclaimPolicy == PersistentVolumeReclaimPolicy.Delete)
        {
            await control.DeleteAsync(volume);
            return;
        }

        var released = ModelCopy.Deep(volume);
        released.Status = new PersistentVolumeStatus { Phase = PersistentVolumePhase.Released, LastPhaseTransitionTime = volume.Status?.LastPhaseTransitionTime };
        await control.UpdateStatusAsync(released);
    }

    /// <summary>The simulated provisioner's volume for a claim: <c>pvc-&lt;uid&gt;</c>, the request's size, the class's policy, pre-bound to the claim.</summary>
    public static PersistentVolume ProvisionedVolume(PersistentVolumeClaim claim, StorageClass storageClass, Node? selectedNode)
    {
        var name = $"pvc-{claim.Metadata.Uid}";
        return new PersistentVolume
        {
            ApiVersion = Kinds.PersistentVolume.ApiVersion,
            Kind = Kinds.PersistentVolume.Kind,
            Metadata = new ObjectMeta
            {
                Name = name,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [PersistentVolume.ProvisionedByAnnotation] = storageClass.Provisioner },
            },
            Spec = new PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, Quantity>(StringComparer.Ordinal) { [VolumeMatching.StorageResource] = VolumeMatching.Request(claim) },
                AccessModes = [.. claim.Spec?.AccessModes ?? []],
                ClaimRef = ReferenceTo(claim),
                PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? PersistentVolumeReclaimPolicy.Delete,
                StorageClassName = storageClass.Metadata.Name,
                VolumeMode = claim.Spec?.VolumeMode ?? PersistentVolumeMode.Filesystem,
                MountOptions = storageClass.MountOptions is { } options ? [.. options] : null,
                NodeAffinity = selectedNode is null ? null : ZoneAffinity(selectedNode),
                Csi = new CsiPersistentVolumeSource { Driver = storageClass.Provisioner, VolumeHandle = name, FsType = "ext4" },
            },
        };
    }

    // A volume made for a chosen node is reachable in its zone, as a cloud's zonal disk; a node without a zone (a profile
    // without zones) gets a volume reachable from every node, so a pod moved off a failed node finds its volume again.
    private static VolumeNodeAffinity? ZoneAffinity(Node node) =>
        node.Metadata.Labels?.GetValueOrDefault(VolumeAnnotations.ZoneLabel) is not { } zone ? null : new VolumeNodeAffinity
        {
            Required = new NodeSelector
            {
                NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = VolumeAnnotations.ZoneLabel, Operator = NodeSelectorOperator.In, Values = [zone] }] }],
            },
        };

    private static ObjectReference ReferenceTo(PersistentVolumeClaim claim) => new()
    {
        ApiVersion = Kinds.PersistentVolumeClaim.ApiVersion,
        Kind = Kinds.PersistentVolumeClaim.Kind,
        Namespace = claim.Metadata.Namespace,
        Name = claim.Metadata.Name,
        Uid = claim.Metadata.Uid,
        ResourceVersion = claim.Metadata.ResourceVersion,
    };

    // Upstream's bind: the volume's claimRef and phase first, then the claim's volumeName, annotations and status.
    private async Task<PersistentVolumeClaim> BindAsync(PersistentVolumeClaim claim, PersistentVolume volume, string? provisioner)
    {
        if (volume.Spec?.ClaimRef is not { } claimRef || string.IsNullOrEmpty(claimRef.Uid))
        {
            var referenced = ModelCopy.Deep(volume);
            referenced.Spec ??= new PersistentVolumeSpec();
            referenced.Spec.ClaimRef = ReferenceTo(claim);
            referenced.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
            referenced.Metadata.Annotations[VolumeAnnotations.BoundByController] = "yes";
            volume = (PersistentVolume)await control.UpdateAsync(referenced);
        }

        if (volume.Status?.Phase != PersistentVolumePhase.Bound)
        {
            var bound = ModelCopy.Deep(volume);
            bound.Status = new PersistentVolumeStatus { Phase = PersistentVolumePhase.Bound };
            volume = (PersistentVolume)await control.UpdateStatusAsync(bound);
        }

        if (claim.Spec?.VolumeName != volume.Metadata.Name || claim.Metadata.Annotations?.ContainsKey(VolumeAnnotations.BindCompleted) != true)
        {
            var named = ModelCopy.Deep(claim);
            named.Spec ??= new PersistentVolumeClaimSpec();
            named.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (named.Spec.VolumeName != volume.Metadata.Name)
            {
                named.Spec.VolumeName = volume.Metadata.Name;
                named.Metadata.Annotations[VolumeAnnotations.BoundByController] = "yes";
            }

            named.Metadata.Annotations[VolumeAnnotations.BindCompleted] = "yes";
            if (provisioner is not null)
            {
                named.Metadata.Annotations[VolumeAnnotations.StorageProvisioner] = provisioner;
            }

            claim = (PersistentVolumeClaim)await control.UpdateAsync(named);
        }

        var withStatus = ModelCopy.Deep(claim);
        withStatus.Status = new PersistentVolumeClaimStatus
        {
            Phase = PersistentVolumeClaimPhase.Bound,
            AccessModes = [.. volume.Spec?.AccessModes ?? []],
            Capacity = volume.Spec?.Capacity is { } capacity ? new Dictionary<string, Quantity>(capacity, StringComparer.Ordinal) : null,
        };
        return (PersistentVolumeClaim)await control.UpdateStatusAsync(withStatus);
    }
}
