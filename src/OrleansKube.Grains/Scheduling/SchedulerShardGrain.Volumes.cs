using OrleansKube.Control.Scheduling.Framework;
using OrleansKube.Control.Scheduling.Plugins.VolumeBinding;
using OrleansKube.Control.Storage;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Serialization;
using OrleansKube.Model.Storage;

namespace OrleansKube.Grains.Scheduling;

/// <summary>
/// Volume binding around a cycle: the claims of a pod with persistentVolumeClaim volumes (their bound volumes, their
/// classes) are read just before its cycle, for the VolumeBinding plugin; once it is placed, its claims of a
/// WaitForFirstConsumer class get the chosen node (<c>volume.kubernetes.io/selected-node</c>, as upstream's PreBind)
/// before the pod is bound. Pods without claims read and write nothing.
/// </summary>
public sealed partial class SchedulerShardGrain
{
    private Dictionary<string, List<PersistentVolumeClaim>>? _delayedClaims;

    // The node this shard chose for a claim it has not yet written it on (upstream's assume cache): a later pod's cycle
    // sees the choice at once, so two pods sharing a WaitForFirstConsumer claim go where its volume will be.
    private Dictionary<string, string>? _assumedSelections;

    /// <summary>Reads what the VolumeBinding plugin needs of the pod's claims into the snapshot, for its cycle; false for a pod without claims.</summary>
    private async Task<bool> ReadVolumesAsync(PodInfo pod)
    {
        var names = PodVolumes.ClaimNames(pod.Pod);
        if (names.Count == 0)
        {
            return false;
        }

        var ns = pod.Pod.Metadata.Namespace ?? "";
        var claims = new Dictionary<string, PersistentVolumeClaim?>(StringComparer.Ordinal);
        var volumes = new Dictionary<string, PersistentVolume>(StringComparer.Ordinal);
        var classes = new Dictionary<string, StorageClass>(StringComparer.Ordinal);
        try
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var claim = WithAssumedSelection(await GetAsync(Kinds.PersistentVolumeClaim, ns, name) as PersistentVolumeClaim);
                claims[name] = claim;
                if (claim is null)
                {
                    continue;
                }

                if (PodVolumes.IsBound(claim))
                {
                    if (await GetAsync(Kinds.PersistentVolume, "", claim.Spec!.VolumeName!) is PersistentVolume volume)
                    {
                        volumes[volume.Metadata.Name!] = volume;
                    }
                }
                else if (claim.Spec?.StorageClassName is { Length: > 0 } className && !classes.ContainsKey(className)
                    && await GetAsync(Kinds.StorageClass, "", className) is StorageClass storageClass)
                {
                    classes[className] = storageClass;
                }
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // A store grain lost with its silo: what was read so far; a claim not read counts as not found, and the pod is tried again.
        }

        _snapshot.SetVolumes(pod.Key, new PodVolumes(claims, volumes, classes));
        return true;
    }

    /// <summary>After the pod's cycle: its delayed claims are kept for its bind (when it was placed), the snapshot forgets the rest.</summary>
    private void ForgetVolumes(PodInfo pod, bool placed)
    {
        if (placed && _snapshot.VolumesOf(pod.Key) is { } volumes && volumes.DelayedClaims().ToList() is { Count: > 0 } delayed)
        {
            (_delayedClaims ??= new(StringComparer.Ordinal))[pod.Key] = delayed;
        }

        _snapshot.SetVolumes(pod.Key, null);
    }

    /// <summary>Records the node chosen for the pod's WaitForFirstConsumer claims, in this turn, before its bind writes it.</summary>
    private void AssumeSelection(PodInfo pod, string nodeName)
    {
        if (_delayedClaims?.GetValueOrDefault(pod.Key) is { } claims)
        {
            foreach (var claim in claims)
            {
                (_assumedSelections ??= new(StringComparer.Ordinal)).TryAdd(ObjectKey.Of(claim).ToString(), nodeName);
            }
        }
    }

    /// <summary>A bind that failed leaves its claims' node unchosen (unless written meanwhile: the store then says so).</summary>
    private void ForgetSelections(PodInfo pod, string nodeName)
    {
        foreach (var claim in PodVolumes.ClaimNames(pod.Pod))
        {
            var key = ObjectKey.For(Kinds.PersistentVolumeClaim, pod.Pod.Metadata.Namespace, claim).ToString();
            if (_assumedSelections?.GetValueOrDefault(key) == nodeName)
            {
                _assumedSelections.Remove(key);
            }
        }
    }

    /// <summary>The claim as this shard's own choices show it: an unwritten selected node overlaid; one the store shows, or a bound claim, is forgotten.</summary>
    private PersistentVolumeClaim? WithAssumedSelection(PersistentVolumeClaim? claim)
    {
        if (claim is null || _assumedSelections is null || !_assumedSelections.TryGetValue(ObjectKey.Of(claim).ToString(), out var assumed))
        {
            return claim;
        }

        if (PodVolumes.IsBound(claim) || claim.Metadata.Annotations?.ContainsKey(VolumeAnnotations.SelectedNode) == true)
        {
            _assumedSelections.Remove(ObjectKey.Of(claim).ToString());
            return claim;
        }

        var overlaid = ModelCopy.Deep(claim);
        overlaid.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        overlaid.Metadata.Annotations[VolumeAnnotations.SelectedNode] = assumed;
        return overlaid;
    }

    /// <summary>Names the node on the pod's WaitForFirstConsumer claims, before the pod is bound (upstream's PreBind).</summary>
    private async Task SelectNodeForClaimsAsync(PodInfo pod, string nodeName)
    {
        if (_delayedClaims is null || !_delayedClaims.Remove(pod.Key, out var claims))
        {
            return;
        }

        foreach (var claim in claims)
        {
            var store = ObjectStore.For(GrainFactory, ObjectKey.Of(claim));
            var current = claim;
            for (var attempt = 1; attempt <= 3 && current is not null; attempt++)
            {
                // Named already (by this pod's or another's placement), or bound: the first choice stands, as the volume follows it.
                if (current.Metadata.Annotations?.ContainsKey(VolumeAnnotations.SelectedNode) == true || PodVolumes.IsBound(current))
                {
                    break;
                }

                var selected = ModelCopy.Deep(current);
                selected.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
                selected.Metadata.Annotations[VolumeAnnotations.SelectedNode] = nodeName;
                try
                {
                    await store.UpdateAsync(selected);
                    break;
                }
                catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict)
                {
                    current = await store.GetAsync() as PersistentVolumeClaim; // written meanwhile (its controller's event): again on the newer copy
                }
            }
        }
    }

    private Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name) => ObjectStore.For(GrainFactory, ObjectKey.For(kind, ns, name)).GetAsync();
}
