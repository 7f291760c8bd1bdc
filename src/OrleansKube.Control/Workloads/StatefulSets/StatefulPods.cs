using System.Globalization;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>
/// A StatefulSet's stable identities (upstream's stateful_set_utils.go): pods named <c>&lt;set&gt;-&lt;ordinal&gt;</c> with their
/// hostname, subdomain and identity labels, the claims of each ordinal (<c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>), and the
/// revision a pod was made at.
/// </summary>
public static class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    public static int StartOrdinal(StatefulSet set) => set.Spec?.Ordinals?.Start ?? 0;

    public static int Replicas(StatefulSet set) => set.Spec?.Replicas ?? 1;

    public static string PodName(StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The ordinal in a pod's name, or -1 when the name is not one of the set's (upstream's getParentNameAndOrdinal).</summary>
    public static int OrdinalOf(StatefulSet set, Pod pod)
    {
        var name = pod.Metadata.Name ?? "";
        var prefix = set.Metadata.Name + "-";
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            && ordinal.ToString(CultureInfo.InvariantCulture).Length == name.Length - prefix.Length
                ? ordinal
                : -1;
    }

    public static string ClaimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) =>
        $"{template.Metadata.Name}-{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The revision a pod was made at: the name of its set's ControllerRevision.</summary>
    public static string? RevisionOf(Pod pod) => pod.Metadata.Labels?.GetValueOrDefault(RevisionLabel);

    /// <summary>The pod of <paramref name="ordinal"/> made from <paramref name="template"/> at <paramref name="revision"/> (newVersionedStatefulSetPod).</summary>
    public static Pod NewPod(StatefulSet set, PodTemplateSpec template, string revision, int ordinal)
    {
        var name = PodName(set, ordinal);
        var pod = PodTemplates.NewPod(template, set, name);
        var labels = pod.Metadata.Labels ??= new(StringComparer.Ordinal);
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels[RevisionLabel] = revision;
        pod.Spec.Hostname = name;
        if (!string.IsNullOrEmpty(set.Spec?.ServiceName))
        {
            pod.Spec.Subdomain = set.Spec.ServiceName;
        }

        // Every claim template's volume names the ordinal's claim, over a template volume of the same name.
        var templates = set.Spec?.VolumeClaimTemplates ?? [];
        if (templates.Count > 0)
        {
            var volumes = new List<Volume>(templates.Count + (pod.Spec.Volumes?.Count ?? 0));
            foreach (var claim in templates)
            {
                volumes.Add(new Volume
                {
                    Name = claim.Metadata.Name ?? "",
                    PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(set, claim, ordinal) },
                });
            }

            foreach (var volume in pod.Spec.Volumes ?? [])
            {
                if (!templates.Exists(t => t.Metadata.Name == volume.Name))
                {
                    volumes.Add(volume);
                }
            }

            pod.Spec.Volumes = volumes;
        }

        return pod;
    }

    /// <summary>The claims of <paramref name="ordinal"/>: each template's metadata and spec, the set's selector labels added, no status.</summary>
    public static List<PersistentVolumeClaim> ClaimsFor(StatefulSet set, int ordinal)
    {
        var claims = new List<PersistentVolumeClaim>();
        foreach (var template in set.Spec?.VolumeClaimTemplates ?? [])
        {
            var labels = template.Metadata.Labels is { } own ? new Dictionary<string, string>(own, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in set.Spec?.Selector?.MatchLabels ?? [])
            {
                labels[key] = value;
            }

            claims.Add(new PersistentVolumeClaim
            {
                ApiVersion = Kinds.PersistentVolumeClaim.ApiVersion,
                Kind = Kinds.PersistentVolumeClaim.Kind,
                Metadata = new ObjectMeta
                {
                    Name = ClaimName(set, template, ordinal),
                    Namespace = set.Metadata.Namespace,
                    Labels = labels.Count == 0 ? null : labels,
                    Annotations = template.Metadata.Annotations is { } annotations ? new(annotations, StringComparer.Ordinal) : null,
                },
                Spec = ModelCopy.Deep(template.Spec ?? new PersistentVolumeClaimSpec()),
            });
        }

        return claims;
    }

    /// <summary>
    /// The owner references a claim of <paramref name="pod"/> should have under the set's retention policy (upstream's
    /// updateClaimOwnerRefForSetAndPod): the set as controller when <c>whenDeleted: Delete</c>, the pod as controller instead
    /// when it is condemned and <c>whenScaled: Delete</c>, neither under Retain. Null when the references are right as they are,
    /// or when another controller (or a stale reference to an earlier set or pod of the same name) holds the claim: left alone.
    /// </summary>
    public static List<OwnerReference>? ClaimOwners(StatefulSet set, Pod pod, PersistentVolumeClaim claim, bool condemned)
    {
        var refs = claim.Metadata.OwnerReferences ?? [];
        bool Ours(OwnerReference r) => (r.Kind == Kinds.StatefulSet.Kind && r.Name == set.Metadata.Name) || (r.Kind == Kinds.Pod.Kind && r.Name == pod.Metadata.Name);
        if (refs.Exists(r => Ours(r) && r.Uid != set.Metadata.Uid && r.Uid != pod.Metadata.Uid) || refs.Exists(r => !Ours(r) && r.Controller == true))
        {
            return null;
        }

        var policy = set.Spec?.PersistentVolumeClaimRetentionPolicy;
        var podOwns = condemned && policy?.WhenScaled == PersistentVolumeClaimRetentionPolicyType.Delete;
        var setOwns = !podOwns && policy?.WhenDeleted == PersistentVolumeClaimRetentionPolicyType.Delete;
        var wanted = refs.Where(r => !Ours(r)).ToList();
        if (setOwns)
        {
            wanted.Add(ControllerRefs.For(set));
        }

        if (podOwns)
        {
            wanted.Add(ControllerRefs.For(pod));
        }

        var same = wanted.Count == refs.Count && wanted.TrueForAll(w => refs.Exists(r => r.Uid == w.Uid && r.Controller == w.Controller));
        return same ? null : wanted;
    }

    /// <summary>Running with its Ready condition true (upstream's isRunningAndReady).</summary>
    public static bool IsRunningAndReady(Pod pod) => pod.Status?.Phase == PodPhase.Running && PodStates.IsReady(pod);

    /// <summary>Running, ready and not being deleted (upstream's isHealthy).</summary>
    public static bool IsHealthy(Pod pod) => IsRunningAndReady(pod) && pod.Metadata.DeletionTimestamp is null;
}
