using OrleansKube.Model.Selection;

namespace OrleansKube.Control.Storage;

/// <summary>
/// Which volume a claim binds to, as upstream's <c>findMatchingVolume</c>: a volume already naming the claim first;
/// otherwise the smallest Available, unclaimed volume of the claim's class whose access modes include the claim's, whose
/// mode is the claim's, whose capacity covers the request, whose labels the claim's selector matches and, once a node is
/// chosen, whose node affinity admits it.
/// </summary>
public static class VolumeMatching
{
    public const string StorageResource = "storage";

    public static PersistentVolume? FindBest(PersistentVolumeClaim claim, IEnumerable<PersistentVolume> volumes, Node? node = null)
    {
        var request = Request(claim);
        var selector = claim.Spec?.Selector is { } s ? LabelSelectors.ToSelector(s) : null;
        PersistentVolume? best = null;
        foreach (var volume in volumes)
        {
            if (volume.Metadata.DeletionTimestamp is not null || !Fits(claim, volume, request, node))
            {
                continue;
            }

            if (IsPreBoundTo(volume, claim))
            {
                return volume;
            }

            if (volume.Spec?.ClaimRef is not null || volume.Status?.Phase is not (PersistentVolumePhase.Available or PersistentVolumePhase.Pending or null))
            {
                continue;
            }

            if (selector is not null && !selector.Matches(volume.Metadata.Labels))
            {
                continue;
            }

            if (best is null || Capacity(volume).CompareTo(Capacity(best)) < 0)
            {
                best = volume;
            }
        }

        return best;
    }

    /// <summary>Whether the volume's claimRef names this claim (by namespace and name, and by uid when it has one).</summary>
    public static bool IsPreBoundTo(PersistentVolume volume, PersistentVolumeClaim claim) =>
        volume.Spec?.ClaimRef is { } claimRef
        && claimRef.Name == claim.Metadata.Name
        && claimRef.Namespace == claim.Metadata.Namespace
        && (string.IsNullOrEmpty(claimRef.Uid) || claimRef.Uid == claim.Metadata.Uid);

    /// <summary>Whether the volume's node affinity (if any) admits the node.</summary>
    public static bool AdmitsNode(PersistentVolume volume, Node node) =>
        volume.Spec?.NodeAffinity?.Required is not { } required
        || LabelSelectors.Matches(required, node.Metadata.Name!, node.Metadata.Labels);

    public static Quantity Request(PersistentVolumeClaim claim) =>
        claim.Spec?.Resources?.Requests?.GetValueOrDefault(StorageResource) ?? default;

    public static Quantity Capacity(PersistentVolume volume) =>
        volume.Spec?.Capacity?.GetValueOrDefault(StorageResource) ?? default;

    private static bool Fits(PersistentVolumeClaim claim, PersistentVolume volume, Quantity request, Node? node)
    {
        var spec = volume.Spec;
        if ((spec?.StorageClassName ?? "") != (claim.Spec?.StorageClassName ?? ""))
        {
            return false;
        }

        if ((spec?.VolumeMode ?? PersistentVolumeMode.Filesystem) != (claim.Spec?.VolumeMode ?? PersistentVolumeMode.Filesystem))
        {
            return false;
        }

        if (claim.Spec?.AccessModes is { } wanted && wanted.Any(m => spec?.AccessModes?.Contains(m) != true))
        {
            return false;
        }

        if (Capacity(volume).CompareTo(request) < 0)
        {
            return false;
        }

        return node is null || AdmitsNode(volume, node);
    }
}
