using System.Globalization;

namespace OrleansKube.Model.Selection;

/// <summary>The fields each kind can be selected by, as upstream's field label conversion functions allow.</summary>
public static class ObjectFields
{
    private static readonly string[] CommonFields = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> KindFields = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"],
        ["Node"] = ["spec.unschedulable"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["Secret"] = ["type"],
        ["ReplicaSet"] = ["status.replicas"],
        ["ReplicationController"] = ["status.replicas"],
        ["Job"] = ["status.successful"],
        ["Namespace"] = ["status.phase"],
    };

    public static bool IsSupported(KindInfo kind, string field) =>
        CommonFields.Contains(field) || (KindFields.TryGetValue(kind.Kind, out var fields) && fields.Contains(field));

    public static string? Get(KubeObject obj, string field)
    {
        switch (field)
        {
            case "metadata.name":
                return obj.Metadata.Name;
            case "metadata.namespace":
                return obj.Metadata.Namespace;
        }

        return obj switch
        {
            Pod pod => field switch
            {
                "spec.nodeName" => pod.Spec.NodeName,
                "spec.restartPolicy" => pod.Spec.RestartPolicy?.ToString(),
                "spec.schedulerName" => pod.Spec.SchedulerName,
                "spec.serviceAccountName" => pod.Spec.ServiceAccountName,
                "spec.hostNetwork" => (pod.Spec.HostNetwork ?? false) ? "true" : "false",
                "status.phase" => pod.Status?.Phase?.ToString(),
                "status.podIP" => pod.Status?.PodIP,
                "status.podIPs" => pod.Status?.PodIPs is { Count: > 0 } ips ? string.Join(",", ips.Select(ip => ip.Ip)) : pod.Status?.PodIP,
                "status.nominatedNodeName" => pod.Status?.NominatedNodeName,
                _ => null,
            },
            Node node => field == "spec.unschedulable" ? ((node.Spec?.Unschedulable ?? false) ? "true" : "false") : null,
            Event ev => field switch
            {
                "involvedObject.kind" => ev.InvolvedObject.Kind,
                "involvedObject.namespace" => ev.InvolvedObject.Namespace,
                "involvedObject.name" => ev.InvolvedObject.Name,
                "involvedObject.uid" => ev.InvolvedObject.Uid,
                "involvedObject.apiVersion" => ev.InvolvedObject.ApiVersion,
                "involvedObject.resourceVersion" => ev.InvolvedObject.ResourceVersion,
                "involvedObject.fieldPath" => ev.InvolvedObject.FieldPath,
                "reason" => ev.Reason,
                "reportingComponent" => ev.ReportingComponent,
                "source" => ev.Source?.Component,
                "type" => ev.Type,
                _ => null,
            },
            Secret secret => field == "type" ? secret.Type : null,
            ReplicaSet rs => field == "status.replicas" ? (rs.Status?.Replicas ?? 0).ToString(CultureInfo.InvariantCulture) : null,
            ReplicationController rc => field == "status.replicas" ? (rc.Status?.Replicas ?? 0).ToString(CultureInfo.InvariantCulture) : null,
            Job job => field == "status.successful" ? (job.Status?.Succeeded ?? 0).ToString(CultureInfo.InvariantCulture) : null,
            Namespace ns => field == "status.phase" ? ns.Status?.Phase?.ToString() : null,
            _ => null,
        };
    }
}
