namespace OrleansKube.Control.Scheduling.Plugins.VolumeBinding;

/// <summary>
/// What the scheduler read for one pod with persistentVolumeClaim volumes before its cycle: its claims (null: not
/// found), the volumes of the bound ones and the classes of the unbound ones, as upstream's informers would hold them.
/// Pods without such volumes have none: nothing is read for them.
/// </summary>
public sealed record PodVolumes(
    IReadOnlyDictionary<string, PersistentVolumeClaim?> Claims,
    IReadOnlyDictionary<string, PersistentVolume> Volumes,
    IReadOnlyDictionary<string, StorageClass> Classes)
{
    /// <summary>The claim names of the pod's persistentVolumeClaim volumes, in order, or an empty list (most pods).</summary>
    public static IReadOnlyList<string> ClaimNames(Pod pod)
    {
        List<string>? names = null;
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim is { ClaimName.Length: > 0 } source)
            {
                (names ??= []).Add(source.ClaimName);
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Whether a claim is bound: it names its volume and its phase says so.</summary>
    public static bool IsBound(PersistentVolumeClaim claim) =>
        claim.Spec?.VolumeName is { Length: > 0 } && claim.Status?.Phase == PersistentVolumeClaimPhase.Bound;

    /// <summary>The pod's unbound claims whose class waits for the first consumer: the scheduler names its node on them.</summary>
    public IEnumerable<PersistentVolumeClaim> DelayedClaims() =>
        Claims.Values.OfType<PersistentVolumeClaim>().Where(c => !IsBound(c) && IsDelayed(c));

    public bool IsDelayed(PersistentVolumeClaim claim) =>
        claim.Spec?.StorageClassName is { Length: > 0 } className
        && Classes.GetValueOrDefault(className)?.VolumeBindingMode == VolumeBindingMode.WaitForFirstConsumer;
}
