using OrleansKube.Control.Store;

namespace OrleansKube.Control.Storage;

/// <summary>
/// Upstream's rules for growing a claim: validation (a claim's storage request never shrinks, and changes only once it is
/// Bound: before, its spec is immutable) and the PersistentVolumeClaimResize admission plugin (only a claim of a class
/// with <c>allowVolumeExpansion: true</c> may grow).
/// </summary>
public static class ClaimResize
{
    public static Quantity Requested(PersistentVolumeClaim claim) => claim.Spec?.Resources?.Requests?.GetValueOrDefault("storage") ?? Quantity.Zero;

    /// <summary>Upstream's ValidatePersistentVolumeClaimUpdate for the storage request, in its words.</summary>
    public static IEnumerable<string> UpdateErrors(PersistentVolumeClaim current, PersistentVolumeClaim updated)
    {
        var (before, after) = (Requested(current), Requested(updated));
        if (before == after)
        {
            yield break;
        }

        if (current.Status?.Phase != PersistentVolumeClaimPhase.Bound)
        {
            yield return "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
        }

        if (after < before)
        {
            yield return "spec.resources.requests.storage: Forbidden: field can not be less than previous value";
        }
    }

    /// <summary>
    /// The PersistentVolumeClaimResize admission of a grown claim: its class (the same before and after) must exist and
    /// allow expansion. <paramref name="classOf"/> finds a stored class by name. Null when admitted or not grown.
    /// </summary>
    public static ApiError? Admit(PersistentVolumeClaim current, PersistentVolumeClaim updated, Func<string, StorageClass?> classOf)
    {
        if (Requested(updated) <= Requested(current))
        {
            return null;
        }

        if (current.Status?.Phase != PersistentVolumeClaimPhase.Bound)
        {
            return Forbidden(updated, "Only bound persistent volume claims can be expanded");
        }

        var name = updated.Spec?.StorageClassName;
        var allowed = !string.IsNullOrEmpty(name) && name == current.Spec?.StorageClassName && classOf(name)?.AllowVolumeExpansion == true;
        return allowed ? null : Forbidden(updated, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    }

    private static ApiError Forbidden(PersistentVolumeClaim claim, string reason) =>
        new(ApiErrorReason.Forbidden, $"persistentvolumeclaims \"{claim.Metadata.Name}\" is forbidden: {reason}");
}
