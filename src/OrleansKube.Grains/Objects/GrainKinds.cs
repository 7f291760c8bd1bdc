using OrleansKube.Control.Nodes;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// The grain side of every kind in <see cref="Kinds"/>, registered once: the store, the controllers'
/// notifications and the garbage collector read it. A new kind is a model type, a <see cref="Kinds"/> entry,
/// an entry here, and (if it has one) a reconciler with its controller grain.
/// </summary>
public static class GrainKinds
{
    public static readonly GrainKind Namespace = new(Kinds.Namespace)
    {
        Grain = static (factory, key) => factory.Get<INamespaceGrain>(key),
        Notify = ControllerGrains.NotifyNamespaceController,
    };

    public static readonly GrainKind Node = new(Kinds.Node)
    {
        Grain = static (factory, key) => factory.Get<INodeGrain>(key),
        Notify = ControllerGrains.NotifyDaemonSets,
        OwnsDependents = false,
    };

    // Pods own nothing here (ephemeral containers, resource claims are not simulated).
    public static readonly GrainKind Pod = new(Kinds.Pod) { Grain = static (factory, key) => factory.Get<IPodGrain>(key), OwnsDependents = false, Notify = ControllerGrains.NotifyPodOwners };

    public static readonly GrainKind ConfigMap = new(Kinds.ConfigMap);

    public static readonly GrainKind ServiceAccount = new(Kinds.ServiceAccount);

    public static readonly GrainKind Secret = new(Kinds.Secret);

    // A Service's controller is its endpoints controller.
    public static readonly GrainKind Service = new(Kinds.Service)
    {
        Grain = static (factory, key) => factory.Get<IServiceGrain>(key),
        Controller = static (factory, key) => factory.Get<IEndpointsControllerGrain>(key),
    };

    // A Service's endpoints controller hears of the Endpoints of its name: those of a Service without a selector are mirrored into EndpointSlices.
    public static readonly GrainKind Endpoints = new(Kinds.Endpoints) { Notify = ControllerGrains.NotifyEndpointsController };

    // A claim's controller is its volume binding (upstream's PersistentVolume controller, claim by claim).
    public static readonly GrainKind PersistentVolumeClaim = new(Kinds.PersistentVolumeClaim)
    {
        Controller = static (factory, key) => factory.Get<IPersistentVolumeClaimControllerGrain>(key),
    };

    // Stored; the claims' controllers bind, provision and reclaim them.
    public static readonly GrainKind PersistentVolume = new(Kinds.PersistentVolume);

    public static readonly GrainKind StorageClass = new(Kinds.StorageClass);

    // Read by pod admission (LimitRanger, ResourceQuota); a quota's status is kept by its namespace's ResourceQuotaGrain.
    public static readonly GrainKind LimitRange = new(Kinds.LimitRange);

    public static readonly GrainKind ResourceQuota = new(Kinds.ResourceQuota);

    public static readonly GrainKind Event = new(Kinds.Event) { IndexResident = static _ => true, OwnsDependents = false };

    // Node leases are renewed every 10 s by every node: they live in their shard like Events. Other leases
    // (leader election) have their grain.
    public static readonly GrainKind Lease = new(Kinds.Lease)
    {
        Grain = static (factory, key) => factory.Get<ILeaseGrain>(key),
        IndexResident = static key => key.Namespace == NodeLifecycle.LeaseNamespace,
    };

    public static readonly GrainKind ReplicationController = new(Kinds.ReplicationController) { Controller = static (factory, key) => factory.Get<IReplicationManagerGrain>(key) };

    public static readonly GrainKind ReplicaSet = new(Kinds.ReplicaSet) { Controller = static (factory, key) => factory.Get<IReplicaSetControllerGrain>(key) };

    public static readonly GrainKind Deployment = new(Kinds.Deployment) { Controller = static (factory, key) => factory.Get<IDeploymentControllerGrain>(key) };

    public static readonly GrainKind DaemonSet = new(Kinds.DaemonSet) { Controller = static (factory, key) => factory.Get<IDaemonSetControllerGrain>(key) };

    public static readonly GrainKind StatefulSet = new(Kinds.StatefulSet) { Controller = static (factory, key) => factory.Get<IStatefulSetControllerGrain>(key) };

    // Written by the StatefulSet and DaemonSet controllers (their history); their changes reach the owner's controller.
    public static readonly GrainKind ControllerRevision = new(Kinds.ControllerRevision) { OwnsDependents = false };

    public static readonly GrainKind Job = new(Kinds.Job) { Controller = static (factory, key) => factory.Get<IJobControllerGrain>(key) };

    public static readonly GrainKind CronJob = new(Kinds.CronJob) { Controller = static (factory, key) => factory.Get<ICronJobControllerGrain>(key) };

    public static readonly GrainKind HorizontalPodAutoscaler = new(Kinds.HorizontalPodAutoscaler) { Controller = static (factory, key) => factory.Get<IHorizontalPodAutoscalerControllerGrain>(key), OwnsDependents = false };

    public static readonly GrainKind PriorityClass = new(Kinds.PriorityClass);

    // A budget's controller is its disruption controller, which follows the pods its selector picks.
    public static readonly GrainKind PodDisruptionBudget = new(Kinds.PodDisruptionBudget) { Controller = static (factory, key) => factory.Get<IDisruptionControllerGrain>(key) };

    // Stored; the API grain writes the simulated controller's address into an Ingress's status (IngressAddresses).
    public static readonly GrainKind Ingress = new(Kinds.Ingress);

    public static readonly GrainKind IngressClass = new(Kinds.IngressClass);

    // Stored: there is no pod network to enforce it on.
    public static readonly GrainKind NetworkPolicy = new(Kinds.NetworkPolicy);

    // Kept by the endpoints controller grain of their Service (EndpointSliceReconciler), in the same pass as its Endpoints;
    // a selector-less Service's are mirrored from the user's Endpoints by the same grain (EndpointSliceMirroringReconciler).
    public static readonly GrainKind EndpointSlice = new(Kinds.EndpointSlice);

    // Stored: the simulated API authorizes by its token file's groups, not by these.
    public static readonly GrainKind Role = new(Kinds.Role);

    public static readonly GrainKind ClusterRole = new(Kinds.ClusterRole);

    public static readonly GrainKind RoleBinding = new(Kinds.RoleBinding);

    public static readonly GrainKind ClusterRoleBinding = new(Kinds.ClusterRoleBinding);

    public static IReadOnlyList<GrainKind> All { get; } =
        [Namespace, Node, Pod, ConfigMap, Secret, ServiceAccount, Service, Endpoints, Event, PersistentVolumeClaim, PersistentVolume, StorageClass, LimitRange, ResourceQuota, Lease, ReplicationController, ReplicaSet, Deployment, DaemonSet, StatefulSet, ControllerRevision, Job, CronJob, HorizontalPodAutoscaler, PriorityClass, PodDisruptionBudget, Ingress, IngressClass, NetworkPolicy, EndpointSlice, Role, ClusterRole, RoleBinding, ClusterRoleBinding];

    /// <summary>The kinds with a controller grain.</summary>
    public static IReadOnlyList<KindInfo> Controlled { get; } = [.. All.Where(k => k.Controller is not null).Select(k => k.Info)];

    private static readonly Dictionary<string, GrainKind> ByKind = All.ToDictionary(k => k.Info.Kind, StringComparer.Ordinal);

    /// <summary>The registration of a kind the API serves; every kind in <see cref="Kinds.All"/> has one.</summary>
    public static GrainKind Get(string kind) =>
        ByKind.TryGetValue(kind, out var registration) ? registration : throw new ArgumentException($"unknown kind \"{kind}\"", nameof(kind));

    /// <summary>The registration of a kind, or null for a kind the API does not serve (an owner reference may name one).</summary>
    public static GrainKind? Find(string kind) => ByKind.GetValueOrDefault(kind);
}
