namespace OrleansKube.Manifests.Printing;

/// <summary>The tables of the workload kinds, as upstream prints them.</summary>
internal static class WorkloadTables
{
    public static readonly KindTable ReplicaSet = new(
        [
            Columns.Name,
            Columns.Integer("Desired", "Replicas is the number of desired pods."),
            Columns.Integer("Current", "Replicas is the most recently observed number of replicas."),
            Columns.Integer("Ready", "The number of ready replicas for this replica set."),
            Columns.Age, Columns.Containers, Columns.Images, Columns.Selector,
        ],
        static (o, now) =>
        {
            var rs = (Model.Apps.ReplicaSet)o;
            return
            [
                o.Metadata.Name, (long)(rs.Spec?.Replicas ?? 0), (long)(rs.Status?.Replicas ?? 0), (long)(rs.Status?.ReadyReplicas ?? 0), CellText.AgeOf(o, now),
                CellText.ContainerNames(rs.Spec?.Template), CellText.ContainerImages(rs.Spec?.Template), CellText.Selector(rs.Spec?.Selector),
            ];
        });

    public static readonly KindTable ReplicationController = new(
        [
            Columns.Name,
            Columns.Integer("Desired", "Replicas is the number of desired pods."),
            Columns.Integer("Current", "Replicas is the most recently observed number of replicas."),
            Columns.Integer("Ready", "The number of ready replicas for this replication controller."),
            Columns.Age, Columns.Containers, Columns.Images, Columns.Selector,
        ],
        static (o, now) =>
        {
            var rc = (ReplicationController)o;
            return
            [
                o.Metadata.Name, (long)(rc.Spec?.Replicas ?? 0), (long)(rc.Status?.Replicas ?? 0), (long)(rc.Status?.ReadyReplicas ?? 0), CellText.AgeOf(o, now),
                CellText.ContainerNames(rc.Spec?.Template), CellText.ContainerImages(rc.Spec?.Template), CellText.Labels(rc.Spec?.Selector),
            ];
        });

    public static readonly KindTable Deployment = new(
        [
            Columns.Name,
            Columns.Text("Ready", "Number of the pod with ready state"),
            Columns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            Columns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
        ],
        static (o, now) =>
        {
            var d = (Model.Apps.Deployment)o;
            return
            [
                o.Metadata.Name, $"{d.Status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 0}", (long)(d.Status?.UpdatedReplicas ?? 0), (long)(d.Status?.AvailableReplicas ?? 0), CellText.AgeOf(o, now),
                CellText.ContainerNames(d.Spec?.Template), CellText.ContainerImages(d.Spec?.Template), CellText.SelectorString(d.Spec?.Selector),
            ];
        });

    public static readonly KindTable DaemonSet = new(
        [
            Columns.Name,
            Columns.Integer("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
            Columns.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
            Columns.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
            Columns.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            Columns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            Columns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Wide("Selector", "A label query over pods that are managed by the daemon set."),
        ],
        static (o, now) =>
        {
            var ds = (Model.Apps.DaemonSet)o;
            var status = ds.Status;
            return
            [
                o.Metadata.Name, (long)(status?.DesiredNumberScheduled ?? 0), (long)(status?.CurrentNumberScheduled ?? 0), (long)(status?.NumberReady ?? 0),
                (long)(status?.UpdatedNumberScheduled ?? 0), (long)(status?.NumberAvailable ?? 0), CellText.Labels(ds.Spec?.Template?.Spec?.NodeSelector), CellText.AgeOf(o, now),
                CellText.ContainerNames(ds.Spec?.Template), CellText.ContainerImages(ds.Spec?.Template), CellText.Selector(ds.Spec?.Selector),
            ];
        });

    // READY is ready replicas over the desired ones (spec), as upstream's printStatefulSet.
    public static readonly KindTable StatefulSet = new(
        [Columns.Name, Columns.Text("Ready", "Number of the pod with ready state"), Columns.Age, Columns.Containers, Columns.Images],
        static (o, now) =>
        {
            var sts = (Model.Apps.StatefulSet)o;
            return
            [
                o.Metadata.Name, $"{sts.Status?.ReadyReplicas ?? 0}/{sts.Spec?.Replicas ?? 0}", CellText.AgeOf(o, now),
                CellText.ContainerNames(sts.Spec?.Template), CellText.ContainerImages(sts.Spec?.Template),
            ];
        });

    // printControllerRevision: the controller as kubectl names resources (kind.group/name, lowercased), the revision a number.
    public static readonly KindTable ControllerRevision = new(
        [
            Columns.Name,
            Columns.Text("Controller", "Controller of the object"),
            Columns.Text("Revision", "Revision indicates the revision of the state represented by Data."),
            Columns.Age,
        ],
        static (o, now) =>
        {
            var revision = (Model.Apps.ControllerRevision)o;
            var owner = revision.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
            return [o.Metadata.Name, owner is null ? "<none>" : ControllerName(owner), revision.Revision, CellText.AgeOf(o, now)];
        });

    public static readonly KindTable Job = new(
        [
            Columns.Name,
            Columns.Text("Status", "Status of the job."),
            Columns.Text("Completions", "The number of pods which reached phase Succeeded."),
            Columns.Text("Duration", "Time required to complete the job."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Wide("Selector", "A label query over pods that should match the pod count."),
        ],
        static (o, now) =>
        {
            var job = (Model.Batch.Job)o;
            var succeeded = job.Status?.Succeeded ?? 0;
            var completions = job.Spec?.Completions is { } wanted ? $"{succeeded}/{wanted}"
                : job.Spec?.Parallelism is > 1 and var parallelism ? $"{succeeded}/1 of {parallelism}"
                : $"{succeeded}/1";
            var duration = job.Status?.StartTime is not { } start ? ""
                : Age.Format((job.Status.CompletionTime ?? now) - start);
            return
            [
                o.Metadata.Name, JobStatusText(job), completions, duration, CellText.AgeOf(o, now),
                CellText.ContainerNames(job.Spec?.Template), CellText.ContainerImages(job.Spec?.Template), CellText.Selector(job.Spec?.Selector),
            ];
        });

    public static readonly KindTable CronJob = new(
        [
            Columns.Name,
            Columns.Text("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            Columns.Text("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            Columns.Boolean("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
            Columns.Integer("Active", "A list of pointers to currently running jobs."),
            Columns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            Columns.Age, Columns.Containers, Columns.Images,
            Columns.Wide("Selector", "A label query over pods that should match the pod count."),
        ],
        static (o, now) =>
        {
            var cronJob = (Model.Batch.CronJob)o;
            var template = cronJob.Spec?.JobTemplate?.Spec;
            return
            [
                // Upstream prints Suspend as the text True/False although the column's type is boolean.
                o.Metadata.Name, cronJob.Spec?.Schedule ?? "", cronJob.Spec?.TimeZone ?? "<none>", cronJob.Spec?.Suspend == true ? "True" : "False",
                (long)(cronJob.Status?.Active?.Count ?? 0), cronJob.Status?.LastScheduleTime is { } last ? Age.Since(last, now) : "<none>", CellText.AgeOf(o, now),
                CellText.ContainerNames(template?.Template), CellText.ContainerImages(template?.Template), CellText.Selector(template?.Selector),
            ];
        });

    // As upstream's job printer of v1.32: the first condition of each type that is True decides, in this order.
    private static string JobStatusText(Model.Batch.Job job)
    {
        bool Has(string type) => job.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status == ConditionStatus.True;
        return Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : job.Metadata.DeletionTimestamp is not null ? "Terminating"
            : Has("Suspended") ? "Suspended"
            : Has("FailureTarget") ? "FailureTarget"
            : "Running";
    }

    // formatResourceName with its kind: "statefulset.apps/web"; a core kind has no group ("pod/x").
    private static string ControllerName(OwnerReference owner)
    {
        var group = owner.ApiVersion?.Contains('/', StringComparison.Ordinal) == true ? owner.ApiVersion[..owner.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var kind = group.Length == 0 ? owner.Kind : $"{owner.Kind}.{group}";
        return $"{kind?.ToLowerInvariant()}/{owner.Name}";
    }
}
