using System.Text.Json;
using OrleansKube.Control.Workloads;
using OrleansKube.Manifests.Defaulting;
using OrleansKube.Manifests.Validation;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Store;

/// <summary>
/// The API server's rules for storing an object: what create stamps (uid, resourceVersion, generation,
/// creationTimestamp), what update may change, when generation moves, and optimistic concurrency.
/// Stored objects are never mutated in place: every change produces a new object.
/// </summary>
public static class ObjectLifecycle
{
    /// <summary>
    /// Prepares an object for its first write, in place: the caller hands over an object it owns (a grain
    /// receives its own copy of every call argument), so no clone is made on this hot path. The caller has
    /// checked the object does not exist yet.
    /// </summary>
    public static KubeObject PrepareCreate(KubeObject obj, DateTimeOffset now, string uid)
    {
        ObjectDefaults.Apply(obj);
        var meta = obj.Metadata;
        meta.Uid = uid;
        meta.ResourceVersion = "1";
        meta.Generation = 1;
        meta.CreationTimestamp = TruncateToSeconds(now);
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        ResetStatusOnCreate(obj, meta.CreationTimestamp.Value);
        if (obj is Model.Batch.Job job)
        {
            Workloads.Jobs.JobLabels.GenerateSelector(job);
        }

        return obj;
    }

    /// <summary>
    /// Applies a user's update of spec and metadata. Returns the new object, or the current one when
    /// nothing changed (no new resourceVersion), or an error.
    /// </summary>
    public static (KubeObject Result, bool Changed, ApiError? Error) PrepareUpdate(KubeObject current, KubeObject incoming, bool enforceResourceVersion)
    {
        var kind = Kinds.Of(current);
        var name = current.Metadata.Name!;
        if (enforceResourceVersion && !string.IsNullOrEmpty(incoming.Metadata.ResourceVersion) && incoming.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
        {
            return (current, false, ApiError.Conflict(kind, name));
        }

        var updated = KubeJson.Clone(incoming);
        ObjectDefaults.Apply(updated);
        var errors = ObjectValidator.Validate(updated).Select(e => e.ToString()).ToList();
        if (incoming.Metadata.Uid is { Length: > 0 } uid && uid != current.Metadata.Uid)
        {
            errors.Add($"metadata.uid: Invalid value: \"{uid}\": field is immutable");
        }

        if (current is Pod gatedPod && updated is Pod ungatedPod && NewSchedulingGate(gatedPod.Spec, ungatedPod.Spec) is { } addedGate)
        {
            errors.Add($"spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate '{addedGate}'");
        }
        else if (current is Pod currentPod && updated is Pod updatedPod && !PodSpecUpdateAllowed(currentPod.Spec, updatedPod.Spec))
        {
            errors.Add("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
        }

        if (current is PersistentVolumeClaim currentClaim && updated is PersistentVolumeClaim updatedClaim)
        {
            errors.AddRange(Storage.ClaimResize.UpdateErrors(currentClaim, updatedClaim));
        }

        if (current is Model.Networking.IngressClass currentClass && updated is Model.Networking.IngressClass updatedClass
            && IngressValidator.CheckUpdate(currentClass, updatedClass) is { } controllerChanged)
        {
            errors.Add(controllerChanged.ToString());
        }

        errors.AddRange(ConfigDataValidator.CheckUpdate(current, updated).Select(e => e.ToString()));
        if (current is Model.Apps.ControllerRevision currentRevision && updated is Model.Apps.ControllerRevision updatedRevision
            && ControllerRevisionValidator.CheckUpdate(currentRevision, updatedRevision) is { } dataChanged)
        {
            errors.Add(dataChanged.ToString());
        }

        if (errors.Count > 0)
        {
            return (current, false, ApiError.Invalid(kind, name, errors));
        }

        // Server-owned metadata and status stay as they are; only the user's part moves.
        var meta = updated.Metadata;
        var currentMeta = current.Metadata;
        meta.Uid = currentMeta.Uid;
        meta.Namespace = currentMeta.Namespace;
        meta.CreationTimestamp = currentMeta.CreationTimestamp;
        meta.DeletionTimestamp = currentMeta.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = currentMeta.DeletionGracePeriodSeconds;
        meta.Generation = currentMeta.Generation;
        meta.ResourceVersion = currentMeta.ResourceVersion;
        meta.GenerateName ??= currentMeta.GenerateName;
        CopyStatus(current, updated);
        if (current is Namespace storedNamespace && updated is Namespace updatedNamespace)
        {
            Namespaces.NamespaceLifecycle.KeepFinalizers(storedNamespace, updatedNamespace);
        }

        if (current is Model.Batch.Job storedJob && updated is Model.Batch.Job updatedJob)
        {
            // The generated selector and template labels are the server's: a manifest without them keeps them.
            Workloads.Jobs.JobLabels.GenerateSelector(updatedJob, storedJob);
        }

        if (current is Pod fromPod && updated is Pod toPod)
        {
            // Binding is the scheduler's; a user's manifest without nodeName does not unbind.
            toPod.Spec.NodeName = fromPod.Spec.NodeName;
            toPod.Spec.EphemeralContainers = fromPod.Spec.EphemeralContainers;
        }

        if (Json(current) == Json(updated))
        {
            return (current, false, null);
        }

        if (SpecJson(current) != SpecJson(updated))
        {
            meta.Generation = (currentMeta.Generation ?? 1) + 1;
        }

        meta.ResourceVersion = NextResourceVersion(currentMeta.ResourceVersion);
        return (updated, true, null);
    }

    /// <summary>
    /// The status subresource: only the status moves (for Deployments also the annotations, where the controller
    /// keeps the revision, as upstream's status strategy allows); a stale resourceVersion is a Conflict.
    /// </summary>
    public static (KubeObject Result, bool Changed, ApiError? Error) PrepareStatusUpdate(KubeObject current, KubeObject incoming, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(incoming.Metadata.ResourceVersion) && incoming.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
        {
            return (current, false, ApiError.Conflict(Kinds.Of(current), current.Metadata.Name!));
        }

        var updated = current with { Metadata = current.Metadata with { } };
        CopyStatus(incoming, updated);
        if (updated is Pod { Status: { } status } gated && Kubelet.ReadinessGates.Has(gated.Spec))
        {
            // A gate's condition written by its owner decides Ready at once, as the kubelet's next status sync would.
            gated.Status = Kubelet.ReadinessGates.Apply(gated.Spec, status, now);
        }

        if (updated is Model.Apps.Deployment)
        {
            updated.Metadata.Annotations = incoming.Metadata.Annotations;
        }

        // Only what was copied can differ (the status; a Deployment's annotations): compare that, not the whole objects.
        if (StatusComparison.Same(StatusOf(current), StatusOf(updated)) && (updated is not Model.Apps.Deployment || StatusComparison.Same(current.Metadata.Annotations, updated.Metadata.Annotations)))
        {
            return (current, false, null);
        }

        return (Touch(updated), true, null);
    }

    /// <summary>
    /// A server-side change (status, binding): the changed copy with the next resourceVersion. The caller
    /// builds <paramref name="changed"/> with <c>with</c>; metadata is copied here, so the stored original stays untouched.
    /// </summary>
    public static T Touch<T>(T changed)
        where T : KubeObject =>
        changed with { Metadata = changed.Metadata with { ResourceVersion = NextResourceVersion(changed.Metadata.ResourceVersion) } };

    public static string NextResourceVersion(string? current) =>
        long.TryParse(current, out var value) ? (value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1";

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);

    private static void ResetStatusOnCreate(KubeObject obj, DateTimeOffset now)
    {
        // The kind's registration says whether a client's status is dropped; what create then stamps is the
        // kind's own rule (a pod starts Pending, a namespace Active with its finalizer).
        Kinds.Of(obj).ClearStatus?.Invoke(obj);
        if (obj is Pod pod)
        {
            pod.Status = new PodStatus
            {
                Phase = PodPhase.Pending,
                QosClass = QualityOfService.Compute(pod.Spec),
                Conditions = Scheduling.SchedulingGates.IsGated(pod) && string.IsNullOrEmpty(pod.Spec.NodeName) ? [Scheduling.SchedulingGates.Condition(now)] : null,
            };
        }
        else if (obj is Namespace ns)
        {
            Namespaces.NamespaceLifecycle.PrepareCreate(ns);
        }
    }

    private static void CopyStatus(KubeObject from, KubeObject to)
    {
        switch (from, to)
        {
            case (Pod a, Pod b):
                b.Status = a.Status;
                break;
            case (Node a, Node b):
                b.Status = a.Status;
                break;
            case (Namespace a, Namespace b):
                b.Status = a.Status;
                break;
            case (Service a, Service b):
                b.Status = a.Status;
                if (b.Spec is not null && a.Spec is not null)
                {
                    b.Spec.ClusterIP ??= a.Spec.ClusterIP;
                    b.Spec.ClusterIPs ??= a.Spec.ClusterIPs;
                    b.Spec.IpFamilies ??= a.Spec.IpFamilies;
                    b.Spec.IpFamilyPolicy ??= a.Spec.IpFamilyPolicy;
                }

                break;
            case (Model.Apps.ReplicaSet a, Model.Apps.ReplicaSet b):
                b.Status = a.Status;
                break;
            case (ReplicationController a, ReplicationController b):
                b.Status = a.Status;
                break;
            case (Model.Apps.Deployment a, Model.Apps.Deployment b):
                b.Status = a.Status;
                break;
            case (Model.Apps.DaemonSet a, Model.Apps.DaemonSet b):
                b.Status = a.Status;
                break;
            case (Model.Apps.StatefulSet a, Model.Apps.StatefulSet b):
                b.Status = a.Status;
                break;
            case (PersistentVolumeClaim a, PersistentVolumeClaim b):
                b.Status = a.Status;
                break;
            case (PersistentVolume a, PersistentVolume b):
                b.Status = a.Status;
                break;
            case (Model.Batch.Job a, Model.Batch.Job b):
                b.Status = a.Status;
                break;
            case (Model.Batch.CronJob a, Model.Batch.CronJob b):
                b.Status = a.Status;
                break;
            case (ResourceQuota a, ResourceQuota b):
                b.Status = a.Status;
                break;
            case (Model.Policy.PodDisruptionBudget a, Model.Policy.PodDisruptionBudget b):
                b.Status = a.Status;
                break;
            case (Model.Autoscaling.HorizontalPodAutoscaler a, Model.Autoscaling.HorizontalPodAutoscaler b):
                b.Status = a.Status;
                break;
            case (Model.Networking.Ingress a, Model.Networking.Ingress b):
                b.Status = a.Status;
                break;
        }
    }

    /// <summary>A scheduling gate an update adds (upstream lets an update only remove gates), or null.</summary>
    private static string? NewSchedulingGate(PodSpec current, PodSpec updated) =>
        updated.SchedulingGates?.Select(g => g.Name).FirstOrDefault(name => current.SchedulingGates?.Any(g => g.Name == name) != true);

    private static bool PodSpecUpdateAllowed(PodSpec current, PodSpec updated)
    {
        var a = KubeJson.Clone(new Pod { Spec = current }).Spec;
        var b = KubeJson.Clone(new Pod { Spec = updated }).Spec;
        b.NodeName = a.NodeName;
        for (var i = 0; i < Math.Min(a.Containers.Count, b.Containers.Count); i++)
        {
            b.Containers[i].Image = a.Containers[i].Image;
            b.Containers[i].ImagePullPolicy = a.Containers[i].ImagePullPolicy;
        }

        for (var i = 0; i < Math.Min(a.InitContainers?.Count ?? 0, b.InitContainers?.Count ?? 0); i++)
        {
            b.InitContainers![i].Image = a.InitContainers![i].Image;
            b.InitContainers[i].ImagePullPolicy = a.InitContainers[i].ImagePullPolicy;
        }

        b.ActiveDeadlineSeconds = a.ActiveDeadlineSeconds;
        b.SchedulingGates = a.SchedulingGates; // removals only, checked by NewSchedulingGate
        b.EphemeralContainers = a.EphemeralContainers; // the ephemeralcontainers subresource's, kept by the update
        if ((b.Tolerations ?? []).Count >= (a.Tolerations ?? []).Count
            && JsonSerializer.Serialize(a.Tolerations ?? [], KubeJson.Options) == JsonSerializer.Serialize((b.Tolerations ?? []).Take(a.Tolerations?.Count ?? 0).ToList(), KubeJson.Options))
        {
            b.Tolerations = a.Tolerations;
        }

        return JsonSerializer.Serialize(a, KubeJson.Options) == JsonSerializer.Serialize(b, KubeJson.Options);
    }

    private static string Json(KubeObject obj) => KubeJson.Serialize(obj);

    /// <summary>The status <see cref="CopyStatus"/> copies, for the kinds that have one.</summary>
    private static object? StatusOf(KubeObject obj) => obj switch
    {
        Pod pod => pod.Status,
        Node node => node.Status,
        Namespace ns => ns.Status,
        Service service => service.Status,
        Model.Apps.ReplicaSet rs => rs.Status,
        ReplicationController rc => rc.Status,
        Model.Apps.Deployment deployment => deployment.Status,
        Model.Apps.DaemonSet ds => ds.Status,
        Model.Apps.StatefulSet sts => sts.Status,
        PersistentVolumeClaim pvc => pvc.Status,
        PersistentVolume pv => pv.Status,
        Model.Batch.Job job => job.Status,
        Model.Batch.CronJob cronJob => cronJob.Status,
        ResourceQuota quota => quota.Status,
        Model.Policy.PodDisruptionBudget pdb => pdb.Status,
        Model.Autoscaling.HorizontalPodAutoscaler hpa => hpa.Status,
        Model.Networking.Ingress ingress => ingress.Status,
        _ => null,
    };

    // Generation tracks everything but metadata and status (spec, data, value …), as upstream.
    private static string SpecJson(KubeObject obj)
    {
        using var document = JsonDocument.Parse(KubeJson.Serialize(obj));
        return string.Join("|", document.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("metadata" or "status" or "apiVersion" or "kind"))
            .Select(p => p.Name + "=" + p.Value.GetRawText()));
    }
}
