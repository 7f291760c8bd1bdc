namespace OrleansKube.Manifests.Printing;

/// <summary>
/// Server-side Tables (<c>meta.k8s.io/v1</c>) for every kind, column for column as upstream's printers
/// (<c>pkg/printers/internalversion/printers.go</c>, v1.32): what <c>kubectl get</c> shows, computed once for the REST
/// front and okctl alike. Cells are every column's, the wide ones included, as the server always sends them.
/// </summary>
public static class ObjectTables
{
    private static readonly Dictionary<KindInfo, KindTable> ByKind = new()
    {
        [Kinds.Pod] = CoreTables.Pod,
        [Kinds.Node] = CoreTables.Node,
        [Kinds.Namespace] = CoreTables.Namespace,
        [Kinds.ConfigMap] = CoreTables.ConfigMap,
        [Kinds.ServiceAccount] = CoreTables.ServiceAccount,
        [Kinds.Secret] = CoreTables.Secret,
        [Kinds.Service] = CoreTables.Service,
        [Kinds.Endpoints] = CoreTables.Endpoints,
        [Kinds.EndpointSlice] = CoreTables.EndpointSlice,
        [Kinds.Event] = CoreTables.Event,
        [Kinds.Lease] = CoreTables.Lease,
        [Kinds.LimitRange] = QuotaTables.LimitRange,
        [Kinds.ResourceQuota] = QuotaTables.ResourceQuota,
        [Kinds.PriorityClass] = CoreTables.PriorityClass,
        [Kinds.ReplicaSet] = WorkloadTables.ReplicaSet,
        [Kinds.ReplicationController] = WorkloadTables.ReplicationController,
        [Kinds.Deployment] = WorkloadTables.Deployment,
        [Kinds.DaemonSet] = WorkloadTables.DaemonSet,
        [Kinds.StatefulSet] = WorkloadTables.StatefulSet,
        [Kinds.ControllerRevision] = WorkloadTables.ControllerRevision,
        [Kinds.PersistentVolumeClaim] = StorageTables.PersistentVolumeClaim,
        [Kinds.PersistentVolume] = StorageTables.PersistentVolume,
        [Kinds.StorageClass] = StorageTables.StorageClass,
        [Kinds.Job] = WorkloadTables.Job,
        [Kinds.CronJob] = WorkloadTables.CronJob,
        [Kinds.PodDisruptionBudget] = PolicyTables.PodDisruptionBudget,
        [Kinds.HorizontalPodAutoscaler] = AutoscalingTables.HorizontalPodAutoscaler,
        [Kinds.Ingress] = NetworkingTables.Ingress,
        [Kinds.IngressClass] = NetworkingTables.IngressClass,
        [Kinds.NetworkPolicy] = NetworkingTables.NetworkPolicy,
        [Kinds.Role] = RbacTables.Role,
        [Kinds.ClusterRole] = RbacTables.ClusterRole,
        [Kinds.RoleBinding] = RbacTables.RoleBinding,
        [Kinds.ClusterRoleBinding] = RbacTables.ClusterRoleBinding,
    };

    // Any other kind: upstream's default table.
    private static readonly KindTable Default = new([Columns.Name, Columns.Age], static (o, now) => [o.Metadata.Name, CellText.AgeOf(o, now)]);

    /// <summary>The table of <paramref name="objects"/> (all of <paramref name="kind"/>), a row per object in their order.</summary>
    public static ObjectTable For(KindInfo kind, IReadOnlyList<KubeObject> objects, DateTimeOffset now)
    {
        var table = ColumnsOf(kind);
        return new ObjectTable(table.Columns, [.. objects.Select(o => new TableRow(table.Cells(o, now), o))]);
    }

    private static KindTable ColumnsOf(KindInfo kind) => ByKind.GetValueOrDefault(kind, Default);
}
