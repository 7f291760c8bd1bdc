namespace OrleansKube.Model.Meta;

/// <summary>The registry of kinds the simulated API serves.</summary>
public static class Kinds
{
    public static readonly KindInfo Namespace = new("Namespace", "v1", "namespaces", false, typeof(Namespace), "ns");
    public static readonly KindInfo Node = new("Node", "v1", "nodes", false, typeof(Node), "no");
    public static readonly KindInfo Pod = new("Pod", "v1", "pods", true, typeof(Pod), "po");
    public static readonly KindInfo ConfigMap = new("ConfigMap", "v1", "configmaps", true, typeof(ConfigMap), "cm");
    public static readonly KindInfo Secret = new("Secret", "v1", "secrets", true, typeof(Secret));
    public static readonly KindInfo Service = new("Service", "v1", "services", true, typeof(Service), "svc");
    public static readonly KindInfo Endpoints = new("Endpoints", "v1", "endpoints", true, typeof(Endpoints), "ep");
    public static readonly KindInfo Event = new("Event", "v1", "events", true, typeof(Event), "ev");
    public static readonly KindInfo Lease = new("Lease", "coordination.k8s.io/v1", "leases", true, typeof(Lease));
    public static readonly KindInfo ReplicaSet = new("ReplicaSet", "apps/v1", "replicasets", true, typeof(ReplicaSet), "rs");
    public static readonly KindInfo Deployment = new("Deployment", "apps/v1", "deployments", true, typeof(Deployment), "deploy");
    public static readonly KindInfo DaemonSet = new("DaemonSet", "apps/v1", "daemonsets", true, typeof(DaemonSet), "ds");
    public static readonly KindInfo Job = new("Job", "batch/v1", "jobs", true, typeof(Job));
    public static readonly KindInfo CronJob = new("CronJob", "batch/v1", "cronjobs", true, typeof(CronJob), "cj");
    public static readonly KindInfo PriorityClass = new("PriorityClass", "scheduling.k8s.io/v1", "priorityclasses", false, typeof(PriorityClass), "pc");

    public static IReadOnlyList<KindInfo> All { get; } =
        [Namespace, Node, Pod, ConfigMap, Secret, Service, Endpoints, Event, Lease, ReplicaSet, Deployment, DaemonSet, Job, CronJob, PriorityClass];

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
}
