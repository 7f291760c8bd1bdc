namespace OrleansKube.Model.Meta;

/// <summary>The registry of kinds the simulated API serves.</summary>
public static class Kinds
{
    private static readonly IReadOnlyList<string> AllCategory = ["all"];

    private static readonly SubresourceInfo Scale = Sub("scale", "Scale", "autoscaling/v1", "get", "patch", "update");

    public static readonly KindInfo Namespace = new("Namespace", "v1", "namespaces", false, typeof(Namespace), "ns") { Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"], Subresources = [Sub("finalize", "Namespace", "v1", "update"), Status("Namespace", "v1")], ClearStatus = o => ((Namespace)o).Status = null };
    public static readonly KindInfo Node = new("Node", "v1", "nodes", false, typeof(Node), "no") { Subresources = [Sub("proxy", "NodeProxyOptions", "v1", "create", "delete", "get", "patch", "update"), Status("Node", "v1")] };
    public static readonly KindInfo Pod = new("Pod", "v1", "pods", true, typeof(Pod), "po") { Categories = AllCategory, Subresources = [Sub("attach", "PodAttachOptions", "v1", "create", "get"), Sub("binding", "Binding", "v1", "create"), Sub("ephemeralcontainers", "Pod", "v1", "get", "patch", "update"), Sub("eviction", "Eviction", "policy/v1", "create"), Sub("exec", "PodExecOptions", "v1", "create", "get"), Sub("log", "Pod", "v1", "get"), Sub("portforward", "PodPortForwardOptions", "v1", "create", "get"), Sub("proxy", "PodProxyOptions", "v1", "create", "delete", "get", "patch", "update"), Status("Pod", "v1")], ClearStatus = o => ((Pod)o).Status = null };
    public static readonly KindInfo ConfigMap = new("ConfigMap", "v1", "configmaps", true, typeof(ConfigMap), "cm");
    public static readonly KindInfo Secret = new("Secret", "v1", "secrets", true, typeof(Secret));
    public static readonly KindInfo ServiceAccount = new("ServiceAccount", "v1", "serviceaccounts", true, typeof(ServiceAccount), "sa") { Subresources = [Sub("token", "TokenRequest", "authentication.k8s.io/v1", "create")] };
    public static readonly KindInfo Service = new("Service", "v1", "services", true, typeof(Service), "svc") { Categories = AllCategory, Subresources = [Sub("proxy", "ServiceProxyOptions", "v1", "create", "delete", "get", "patch", "update"), Status("Service", "v1")] };
    public static readonly KindInfo Endpoints = new("Endpoints", "v1", "endpoints", true, typeof(Endpoints), "ep");
    public static readonly KindInfo Event = new("Event", "v1", "events", true, typeof(Event), "ev");
    public static readonly KindInfo PersistentVolumeClaim = new("PersistentVolumeClaim", "v1", "persistentvolumeclaims", true, typeof(PersistentVolumeClaim), "pvc") { Subresources = [Status("PersistentVolumeClaim", "v1")], ClearStatus = o => ((PersistentVolumeClaim)o).Status = new() { Phase = PersistentVolumeClaimPhase.Pending } };
    public static readonly KindInfo LimitRange = new("LimitRange", "v1", "limitranges", true, typeof(LimitRange), "limits");
    public static readonly KindInfo ResourceQuota = new("ResourceQuota", "v1", "resourcequotas", true, typeof(ResourceQuota), "quota") { Subresources = [Status("ResourceQuota", "v1")], ClearStatus = o => ((ResourceQuota)o).Status = null };
    public static readonly KindInfo PersistentVolume = new("PersistentVolume", "v1", "persistentvolumes", false, typeof(PersistentVolume), "pv") { Subresources = [Status("PersistentVolume", "v1")], ClearStatus = o => ((PersistentVolume)o).Status = new() { Phase = PersistentVolumePhase.Available } };
    public static readonly KindInfo StorageClass = new("StorageClass", "storage.k8s.io/v1", "storageclasses", false, typeof(StorageClass), "sc");
    public static readonly KindInfo Lease = new("Lease", "coordination.k8s.io/v1", "leases", true, typeof(Lease));
    public static readonly KindInfo ReplicationController = new("ReplicationController", "v1", "replicationcontrollers", true, typeof(ReplicationController), "rc") { Categories = AllCategory, Subresources = [Scale, Status("ReplicationController", "v1")], ClearStatus = o => ((ReplicationController)o).Status = null };
    public static readonly KindInfo ReplicaSet = new("ReplicaSet", "apps/v1", "replicasets", true, typeof(ReplicaSet), "rs") { Categories = AllCategory, Subresources = [Scale, Status("ReplicaSet", "apps/v1")], ClearStatus = o => ((ReplicaSet)o).Status = null };
    public static readonly KindInfo Deployment = new("Deployment", "apps/v1", "deployments", true, typeof(Deployment), "deploy") { Categories = AllCategory, Subresources = [Scale, Status("Deployment", "apps/v1")], ClearStatus = o => ((Deployment)o).Status = null };
    public static readonly KindInfo DaemonSet = new("DaemonSet", "apps/v1", "daemonsets", true, typeof(DaemonSet), "ds") { Categories = AllCategory, Subresources = [Status("DaemonSet", "apps/v1")], ClearStatus = o => ((DaemonSet)o).Status = null };
    public static readonly KindInfo ControllerRevision = new("ControllerRevision", "apps/v1", "controllerrevisions", true, typeof(ControllerRevision));
    public static readonly KindInfo StatefulSet = new("StatefulSet", "apps/v1", "statefulsets", true, typeof(StatefulSet), "sts") { Categories = AllCategory, Subresources = [Scale, Status("StatefulSet", "apps/v1")], ClearStatus = o => ((StatefulSet)o).Status = null };
    public static readonly KindInfo Job = new("Job", "batch/v1", "jobs", true, typeof(Job)) { Categories = AllCategory, Subresources = [Status("Job", "batch/v1")], ClearStatus = o => ((Job)o).Status = null };
    public static readonly KindInfo CronJob = new("CronJob", "batch/v1", "cronjobs", true, typeof(CronJob), "cj") { Categories = AllCategory, Subresources = [Status("CronJob", "batch/v1")], ClearStatus = o => ((CronJob)o).Status = null };
    public static readonly KindInfo HorizontalPodAutoscaler = new("HorizontalPodAutoscaler", "autoscaling/v2", "horizontalpodautoscalers", true, typeof(HorizontalPodAutoscaler), "hpa") { Categories = AllCategory, Subresources = [Status("HorizontalPodAutoscaler", "autoscaling/v2")], ClearStatus = o => ((HorizontalPodAutoscaler)o).Status = null, OtherVersions = [new("autoscaling/v1", Autoscaling.V1.HorizontalPodAutoscalerV1Converter.Instance)] };
    public static readonly KindInfo PriorityClass = new("PriorityClass", "scheduling.k8s.io/v1", "priorityclasses", false, typeof(PriorityClass), "pc");
    public static readonly KindInfo PodDisruptionBudget = new("PodDisruptionBudget", "policy/v1", "poddisruptionbudgets", true, typeof(PodDisruptionBudget), "pdb") { Subresources = [Status("PodDisruptionBudget", "policy/v1")], ClearStatus = o => ((PodDisruptionBudget)o).Status = null };

    public static readonly KindInfo Ingress = new("Ingress", "networking.k8s.io/v1", "ingresses", true, typeof(Ingress), "ing") { Subresources = [Status("Ingress", "networking.k8s.io/v1")], ClearStatus = o => ((Ingress)o).Status = null };
    public static readonly KindInfo EndpointSlice = new("EndpointSlice", "discovery.k8s.io/v1", "endpointslices", true, typeof(EndpointSlice));
    public static readonly KindInfo IngressClass = new("IngressClass", "networking.k8s.io/v1", "ingressclasses", false, typeof(IngressClass));
    public static readonly KindInfo NetworkPolicy = new("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", true, typeof(NetworkPolicy), "netpol");

    public static readonly KindInfo Role = new("Role", "rbac.authorization.k8s.io/v1", "roles", true, typeof(Role));
    public static readonly KindInfo ClusterRole = new("ClusterRole", "rbac.authorization.k8s.io/v1", "clusterroles", false, typeof(ClusterRole));
    public static readonly KindInfo RoleBinding = new("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings", true, typeof(RoleBinding));
    public static readonly KindInfo ClusterRoleBinding = new("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings", false, typeof(ClusterRoleBinding));

    public static IReadOnlyList<KindInfo> All { get; } =
        [Namespace, Node, Pod, ConfigMap, Secret, ServiceAccount, Service, Endpoints, Event, PersistentVolumeClaim, PersistentVolume, StorageClass, LimitRange, ResourceQuota, Lease, ReplicationController, ReplicaSet, Deployment, DaemonSet, StatefulSet, ControllerRevision, Job, CronJob, HorizontalPodAutoscaler, PriorityClass, PodDisruptionBudget, Ingress, IngressClass, NetworkPolicy, EndpointSlice, Role, ClusterRole, RoleBinding, ClusterRoleBinding];

    /// <summary>Every kind in every version served: <see cref="All"/> (the stored versions), then each kind in its other versions.</summary>
    public static IReadOnlyList<KindInfo> Served { get; } = [.. All, .. All.SelectMany(k => k.OtherVersions.Select(k.InVersion))];

    /// <summary>
    /// The kind a URL's group/version and resource name: the stored kind, and the other version the request is in
    /// (null for the stored version, as for every kind served in one version); null when nothing is served there.
    /// </summary>
    public static (KindInfo Kind, KindVersion? Version)? Resolve(string apiVersion, string plural)
    {
        foreach (var kind in All)
        {
            if (kind.Plural == plural)
            {
                if (kind.ApiVersion == apiVersion)
                {
                    return (kind, null);
                }

                foreach (var version in kind.OtherVersions)
                {
                    if (version.ApiVersion == apiVersion)
                    {
                        return (kind, version);
                    }
                }
            }
        }

        return null;
    }

    private static readonly Dictionary<string, KindInfo> ByKind = All.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    private static readonly Dictionary<string, KindInfo> ByResourceName = All
        .SelectMany(k => new[] { k.Kind.ToLowerInvariant(), k.Plural, k.QualifiedResource }.Concat(k.ShortNames).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => (n, k)))
        .ToDictionary(p => p.n, p => p.k, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<Type, KindInfo> ByType = All.ToDictionary(k => k.ClrType);

    /// <summary>Looks a kind up by <c>apiVersion</c> and <c>kind</c> as written in a manifest.</summary>
    public static KindInfo? Find(string? apiVersion, string? kind) =>
        kind is not null && ByKind.TryGetValue(kind, out var info) && info.ApiVersion == apiVersion ? info : null;

    public static KindInfo Get(string kind) =>
        ByKind.TryGetValue(kind, out var info) ? info : throw new ArgumentException($"unknown kind \"{kind}\"", nameof(kind));

    /// <summary>Resolves what a user types on the command line: <c>pods</c>, <c>po</c>, <c>pod</c>, <c>deployments.apps</c>.</summary>
    public static KindInfo? FromResourceName(string name) => ByResourceName.GetValueOrDefault(name);

    public static KindInfo Of(KubeObject obj) => ByType[obj.GetType()];

    private static SubresourceInfo Sub(string name, string kind, string apiVersion, params string[] verbs) => new(name, kind, apiVersion, verbs);

    private static SubresourceInfo Status(string kind, string apiVersion) => Sub("status", kind, apiVersion, "get", "patch", "update");
}
