using OrleansKube.Manifests.Printing;
using OrleansKube.Model.Batch;
using OrleansKube.Model.Coordination;
using OrleansKube.Model.Scheduling;

namespace OrleansKube.Tests.Printing;

/// <summary>Cells as upstream's printers (v1.32) produce them for the same objects (cases after its printers_test.go).</summary>
public class ObjectTablesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed record CellsCase(string Sentence, KindInfo Kind, KubeObject Object, object?[] Cells)
    {
        public override string ToString() => Sentence;
    }

    public sealed record ColumnsCase(KindInfo Kind, string[] Columns, string[] Wide)
    {
        public override string ToString() => Kind.Plural;
    }

    public static TheoryData<ColumnsCase> ColumnCases() =>
    [
        new ColumnsCase(Kinds.Pod, ["Name", "Ready", "Status", "Restarts", "Age"], ["IP", "Node", "Nominated Node", "Readiness Gates"]),
        new ColumnsCase(Kinds.Node, ["Name", "Status", "Roles", "Age", "Version"], ["Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"]),
        new ColumnsCase(Kinds.Deployment, ["Name", "Ready", "Up-to-date", "Available", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.ReplicationController, ["Name", "Desired", "Current", "Ready", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.ReplicaSet, ["Name", "Desired", "Current", "Ready", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.DaemonSet, ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.StatefulSet, ["Name", "Ready", "Age"], ["Containers", "Images"]),
        new ColumnsCase(Kinds.ControllerRevision, ["Name", "Controller", "Revision", "Age"], []),
        new ColumnsCase(Kinds.PersistentVolumeClaim, ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age"], ["VolumeMode"]),
        new ColumnsCase(Kinds.PersistentVolume, ["Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age"], ["VolumeMode"]),
        new ColumnsCase(Kinds.StorageClass, ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"], []),
        new ColumnsCase(Kinds.Job, ["Name", "Status", "Completions", "Duration", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.CronJob, ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age"], ["Containers", "Images", "Selector"]),
        new ColumnsCase(Kinds.Service, ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"], ["Selector"]),
        new ColumnsCase(Kinds.Endpoints, ["Name", "Endpoints", "Age"], []),
        new ColumnsCase(Kinds.EndpointSlice, ["Name", "AddressType", "Ports", "Endpoints", "Age"], []),
        new ColumnsCase(Kinds.Event, ["Last Seen", "Type", "Reason", "Object", "Message"], ["Subobject", "Source", "First Seen", "Count", "Name"]),
        new ColumnsCase(Kinds.Namespace, ["Name", "Status", "Age"], []),
        new ColumnsCase(Kinds.ConfigMap, ["Name", "Data", "Age"], []),
        new ColumnsCase(Kinds.Secret, ["Name", "Type", "Data", "Age"], []),
        new ColumnsCase(Kinds.Lease, ["Name", "Holder", "Age"], []),
        new ColumnsCase(Kinds.HorizontalPodAutoscaler, ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"], []),
        new ColumnsCase(Kinds.LimitRange, ["Name", "Created At"], []),
        new ColumnsCase(Kinds.ResourceQuota, ["Name", "Age", "Request", "Limit"], []),
        new ColumnsCase(Kinds.PriorityClass, ["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"], []),
        new ColumnsCase(Kinds.PodDisruptionBudget, ["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"], []),
        new ColumnsCase(Kinds.Ingress, ["Name", "Class", "Hosts", "Address", "Ports", "Age"], []),
        new ColumnsCase(Kinds.IngressClass, ["Name", "Controller", "Parameters", "Age"], []),
        new ColumnsCase(Kinds.NetworkPolicy, ["Name", "Pod-Selector", "Age"], []),
    ];

    [Theory]
    [MemberData(nameof(ColumnCases))]
    public void For_EveryKind_HasUpstreamsColumnsAndPriorities(ColumnsCase c)
    {
        var table = ObjectTables.For(c.Kind, [], Now);

        Assert.Equal(c.Columns, table.Columns.Where(k => k.Priority == 0).Select(k => k.Name));
        Assert.Equal(c.Wide, table.Columns.Where(k => k.Priority == 1).Select(k => k.Name));
        Assert.All(table.Columns, k => Assert.Contains(k.Type, new[] { "string", "integer", "boolean", "date" }));
        Assert.All(table.Columns, k => Assert.False(string.IsNullOrEmpty(k.Description)));
        Assert.Equal("name", Assert.Single(table.Columns, k => k.Name == "Name").Format);
    }

    [Fact]
    public void For_ColumnTypes_FollowUpstreamsDefinitions()
    {
        var types = Kinds.All.SelectMany(k => ObjectTables.For(k, [], Now).Columns.Select(c => ($"{k.Plural}.{c.Name}", c.Type)))
            .Where(t => t.Type != "string").ToList();

        Assert.Equal(
            [
                ("serviceaccounts.Secrets", "integer"),
                ("limitranges.Created At", "date"),
                ("replicationcontrollers.Desired", "integer"), ("replicationcontrollers.Current", "integer"), ("replicationcontrollers.Ready", "integer"),
                ("replicasets.Desired", "integer"), ("replicasets.Current", "integer"), ("replicasets.Ready", "integer"),
                ("daemonsets.Desired", "integer"), ("daemonsets.Current", "integer"), ("daemonsets.Ready", "integer"), ("daemonsets.Up-to-date", "integer"), ("daemonsets.Available", "integer"),
                ("cronjobs.Suspend", "boolean"), ("cronjobs.Active", "integer"),
                ("priorityclasses.Value", "integer"), ("priorityclasses.Global-Default", "boolean"),
                ("poddisruptionbudgets.Allowed Disruptions", "integer"),
                ("roles.Created At", "date"), ("clusterroles.Created At", "date"),
            ],
            types);
    }

    [Fact]
    public void For_KindWithoutPrinter_HasNameAndAge()
    {
        var other = Kinds.ConfigMap with { Kind = "Widget", Plural = "widgets" };

        var table = ObjectTables.For(other, [new ConfigMap { Metadata = new ObjectMeta { Name = "w", CreationTimestamp = Now.AddMinutes(-5) } }], Now);

        Assert.Equal(["Name", "Age"], table.Columns.Select(c => c.Name));
        Assert.Equal(["w", "5m"], Assert.Single(table.Rows).Cells);
    }

    [Fact]
    public void For_Objects_RowPerObjectInOrderCarryingTheObject()
    {
        ConfigMap b = new() { Metadata = new ObjectMeta { Name = "b" } }, a = new() { Metadata = new ObjectMeta { Name = "a" } };

        var table = ObjectTables.For(Kinds.ConfigMap, [b, a], Now);

        Assert.Equal([b, a], table.Rows.Select(r => r.Object));
    }

    public static TheoryData<CellsCase> CellCases() =>
    [
        new CellsCase("a pod's ready count counts running ready containers and restarts sum", Kinds.Pod,
            Pod("test1", 2, status: new PodStatus
            {
                Phase = PodPhase.Running,
                ContainerStatuses = [Running(ready: true, restarts: 3), new ContainerStatus { RestartCount = 3 }],
            }),
            ["test1", "1/2", "Running", "6", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a waiting container's reason overrides the pod's phase", Kinds.Pod,
            Pod("test2", 2, status: new PodStatus
            {
                Phase = PodPhase.Pending,
                ContainerStatuses = [Running(ready: true, restarts: 3), new ContainerStatus { RestartCount = 3, State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ContainerWaitingReason" } } }],
            }),
            ["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("the first container's state overrides the later ones'", Kinds.Pod,
            Pod("test3", 2, status: new PodStatus
            {
                Phase = PodPhase.Running,
                ContainerStatuses =
                [
                    new ContainerStatus { State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ContainerWaitingReason" } } },
                    new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { Reason = "ContainerTerminatedReason" } } },
                ],
            }),
            ["test3", "0/2", "ContainerWaitingReason", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("ready is not enough to count: the container must run", Kinds.Pod,
            Pod("test4", 2, status: new PodStatus { Phase = PodPhase.Running, ContainerStatuses = [new ContainerStatus { Ready = true }, new ContainerStatus { Ready = true }] }),
            ["test4", "0/2", "Running", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a completed container beside a running ready one in a Ready pod shows Running", Kinds.Pod,
            Pod("test5", 2, status: new PodStatus
            {
                Phase = PodPhase.Running,
                Conditions = [new PodCondition { Type = "Ready", Status = ConditionStatus.True }],
                ContainerStatuses = [new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { Reason = "Completed" } } }, Running(ready: true)],
            }),
            ["test5", "1/2", "Running", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a completed container beside a running one in a pod not Ready shows NotReady", Kinds.Pod,
            Pod("test6", 2, status: new PodStatus
            {
                Phase = PodPhase.Running,
                ContainerStatuses = [new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { Reason = "Completed" } } }, Running(ready: true)],
            }),
            ["test6", "1/2", "NotReady", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a waiting init container shows Init:n/m and its restarts", Kinds.Pod,
            Pod("init", 1, inits: 2, status: new PodStatus
            {
                Phase = PodPhase.Pending,
                InitContainerStatuses =
                [
                    new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } },
                    new ContainerStatus { RestartCount = 2, State = new ContainerState { Running = new ContainerStateRunning() } },
                ],
            }),
            ["init", "0/1", "Init:1/2", "2", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a failed init container shows Init:ExitCode", Kinds.Pod,
            Pod("initfail", 1, inits: 1, status: new PodStatus { Phase = PodPhase.Pending, InitContainerStatuses = [new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 3 } } }] }),
            ["initfail", "0/1", "Init:ExitCode:3", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("once initialized only the containers' restarts count", Kinds.Pod,
            Pod("inited", 1, inits: 1, status: new PodStatus
            {
                Phase = PodPhase.Running,
                InitContainerStatuses = [new ContainerStatus { RestartCount = 4, State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } }],
                ContainerStatuses = [Running(ready: true, restarts: 1)],
            }),
            ["inited", "1/1", "Running", "1", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("restarts say when the last one was", Kinds.Pod,
            Pod("again", 1, status: new PodStatus
            {
                Phase = PodPhase.Running,
                ContainerStatuses = [Running(ready: true, restarts: 3) with { LastState = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddSeconds(-12) } } }],
            }),
            ["again", "1/1", "Running", "3 (12s ago)", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a deleted running pod is Terminating", Kinds.Pod,
            Pod("going", 1, deleted: true, status: new PodStatus { Phase = PodPhase.Running, ContainerStatuses = [Running(ready: true)] }),
            ["going", "1/1", "Terminating", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a deleted pod that already succeeded keeps its status", Kinds.Pod,
            Pod("done", 1, deleted: true, status: new PodStatus { Phase = PodPhase.Succeeded, ContainerStatuses = [new ContainerStatus { State = new ContainerState { Terminated = new ContainerStateTerminated { Reason = "Completed" } } }] }),
            ["done", "0/1", "Completed", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a deleted pod of a lost node is Unknown", Kinds.Pod,
            Pod("lost", 1, deleted: true, status: new PodStatus { Phase = PodPhase.Running, Reason = "NodeLost" }),
            ["lost", "0/1", "Unknown", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]),
        new CellsCase("a scheduled pod's wide cells: first pod IP, node, nominated node", Kinds.Pod,
            Pod("wide", 2, node: "test1", status: new PodStatus { Phase = PodPhase.Running, PodIP = "1.1.1.1", PodIPs = [new PodIP { Ip = "1.1.1.1" }, new PodIP { Ip = "2001:db8::" }], NominatedNodeName = "node2" }),
            ["wide", "0/2", "Running", "0", "<unknown>", "1.1.1.1", "test1", "node2", "<none>"]),
        new CellsCase("a Ready cordoned node with roles", Kinds.Node,
            Node(ConditionStatus.True, unschedulable: true, labels: new() { ["node-role.kubernetes.io/master"] = "", ["kubernetes.io/role"] = "node", ["node-role.kubernetes.io/"] = "" }),
            ["n1", "Ready,SchedulingDisabled", "master,node", "10m", "v1.32.0", "10.0.0.1", "<none>", "Ubuntu", "<unknown>", "containerd://1.7"]),
        new CellsCase("a node whose Ready condition is False is NotReady", Kinds.Node,
            Node(ConditionStatus.False), ["n1", "NotReady", "<none>", "10m", "v1.32.0", "10.0.0.1", "<none>", "Ubuntu", "<unknown>", "containerd://1.7"]),
        new CellsCase("a node without a Ready condition is Unknown", Kinds.Node,
            Node(null), ["n1", "Unknown", "<none>", "10m", "v1.32.0", "10.0.0.1", "<none>", "Ubuntu", "<unknown>", "containerd://1.7"]),
        new CellsCase("a deployment's cells: ready/desired, then integers", Kinds.Deployment,
            new Deployment
            {
                Metadata = Meta("test1"),
                Spec = new DeploymentSpec { Replicas = 5, Template = Template(), Selector = new LabelSelector { MatchLabels = new() { ["foo"] = "bar" } } },
                Status = new DeploymentStatus { Replicas = 10, UpdatedReplicas = 2, AvailableReplicas = 1, ReadyReplicas = 1 },
            },
            ["test1", "1/5", 2L, 1L, "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "foo=bar"]),
        new CellsCase("a replica set's counts are integers, its selector formatted", Kinds.ReplicaSet,
            new ReplicaSet
            {
                Metadata = Meta("test1"),
                Spec = new ReplicaSetSpec
                {
                    Replicas = 5, Template = Template(),
                    Selector = new LabelSelector { MatchLabels = new() { ["foo"] = "bar" }, MatchExpressions = [new LabelSelectorRequirement { Key = "env", Operator = LabelSelectorOperator.In, Values = ["prod", "dev"] }] },
                },
                Status = new ReplicaSetStatus { Replicas = 5, ReadyReplicas = 2 },
            },
            ["test1", 5L, 5L, 2L, "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "env in (dev,prod),foo=bar"]),
        new CellsCase("a replication controller's selector is its labels, sorted by key", Kinds.ReplicationController,
            new ReplicationController
            {
                Metadata = Meta("test1"),
                Spec = new ReplicationControllerSpec { Replicas = 5, Template = Template(), Selector = new() { ["foo"] = "bar", ["env"] = "prod" } },
                Status = new ReplicationControllerStatus { Replicas = 4, ReadyReplicas = 2 },
            },
            ["test1", 5L, 4L, 2L, "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "env=prod,foo=bar"]),
        new CellsCase("a daemon set's node selector is printed as labels", Kinds.DaemonSet,
            new DaemonSet
            {
                Metadata = Meta("test1"),
                Spec = new DaemonSetSpec { Template = Template() with { Spec = Template().Spec! with { NodeSelector = new() { ["zone"] = "a", ["disk"] = "ssd" } } } },
                Status = new DaemonSetStatus { DesiredNumberScheduled = 3, CurrentNumberScheduled = 2, NumberReady = 1, UpdatedNumberScheduled = 2, NumberAvailable = 0 },
            },
            ["test1", 3L, 2L, 1L, 2L, 0L, "disk=ssd,zone=a", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a stateful set's ready pods are counted against its desired replicas", Kinds.StatefulSet,
            new StatefulSet { Metadata = Meta("web"), Spec = new StatefulSetSpec { Replicas = 3, Template = Template() }, Status = new StatefulSetStatus { Replicas = 2, ReadyReplicas = 1 } },
            ["web", "1/3", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2"]),
        new CellsCase("a revision names its controller by kind, group and name", Kinds.ControllerRevision,
            new ControllerRevision { Metadata = Meta("web-7c5d8f9b6") with { OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "web", Uid = "u", Controller = true }] }, Revision = 2 },
            ["web-7c5d8f9b6", "statefulset.apps/web", 2L, "10m"]),
        new CellsCase("a revision without a controller shows none", Kinds.ControllerRevision,
            new ControllerRevision { Metadata = Meta("orphan"), Revision = 1 },
            ["orphan", "<none>", 1L, "10m"]),
        new CellsCase("a pending claim shows no capacity or access modes: they are its volume's", Kinds.PersistentVolumeClaim,
            new PersistentVolumeClaim
            {
                Metadata = Meta("data-web-0"),
                Spec = new PersistentVolumeClaimSpec { AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce], StorageClassName = "standard", VolumeMode = PersistentVolumeMode.Filesystem, Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("1Gi") } } },
                Status = new PersistentVolumeClaimStatus { Phase = PersistentVolumeClaimPhase.Pending },
            },
            ["data-web-0", "Pending", "", "", "", "standard", "<unset>", "10m", "Filesystem"]),
        new CellsCase("a bound claim shows its volume's capacity and access modes in upstream's order", Kinds.PersistentVolumeClaim,
            new PersistentVolumeClaim
            {
                Metadata = Meta("bound") with { Annotations = new() { ["volume.beta.kubernetes.io/storage-class"] = "legacy" } },
                Spec = new PersistentVolumeClaimSpec { VolumeName = "pv-1", StorageClassName = "standard", Resources = new VolumeResourceRequirements { Requests = new() { ["storage"] = Quantity.Parse("1Gi") } } },
                Status = new PersistentVolumeClaimStatus
                {
                    Phase = PersistentVolumeClaimPhase.Bound,
                    AccessModes = [PersistentVolumeAccessMode.ReadWriteMany, PersistentVolumeAccessMode.ReadWriteOnce],
                    Capacity = new() { ["storage"] = Quantity.Parse("2Gi") },
                },
            },
            ["bound", "Bound", "pv-1", "2Gi", "RWO,RWX", "legacy", "<unset>", "10m", "<unset>"]),
        new CellsCase("a bound volume names its claim as namespace/name", Kinds.PersistentVolume,
            new PersistentVolume
            {
                Metadata = Meta("pvc-1") with { Namespace = null },
                Spec = new PersistentVolumeSpec
                {
                    Capacity = new() { ["storage"] = Quantity.Parse("1Gi") },
                    AccessModes = [PersistentVolumeAccessMode.ReadWriteOnce],
                    PersistentVolumeReclaimPolicy = PersistentVolumeReclaimPolicy.Delete,
                    StorageClassName = "standard",
                    VolumeMode = PersistentVolumeMode.Filesystem,
                    ClaimRef = new ObjectReference { Namespace = "default", Name = "data-web-0" },
                },
                Status = new PersistentVolumeStatus { Phase = PersistentVolumePhase.Bound },
            },
            ["pvc-1", "1Gi", "RWO", "Delete", "Bound", "default/data-web-0", "standard", "<unset>", "", "10m", "Filesystem"]),
        new CellsCase("a default storage class carries (default) after its name", Kinds.StorageClass,
            new Model.Storage.StorageClass
            {
                Metadata = Meta("standard") with { Namespace = null, Annotations = new() { ["storageclass.kubernetes.io/is-default-class"] = "true" } },
                Provisioner = "orleanskube.io/simulated",
                ReclaimPolicy = PersistentVolumeReclaimPolicy.Delete,
                VolumeBindingMode = Model.Storage.VolumeBindingMode.WaitForFirstConsumer,
            },
            ["standard (default)", "orleanskube.io/simulated", "Delete", "WaitForFirstConsumer", "false", "10m"]),
        new CellsCase("a running job with completions", Kinds.Job,
            Job("job1", completions: 2, status: new JobStatus { Succeeded = 1, StartTime = Now.AddMinutes(-10) }),
            ["job1", "Running", "1/2", "10m", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a job without completions and parallelism 3", Kinds.Job,
            Job("job2", parallelism: 3, status: new JobStatus()),
            ["job2", "Running", "0/1 of 3", "", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a complete job's duration is start to completion", Kinds.Job,
            Job("job3", completions: 1, status: new JobStatus
            {
                Succeeded = 1, StartTime = Now.AddMinutes(-40), CompletionTime = Now.AddMinutes(-9),
                Conditions = [new JobCondition { Type = "Complete", Status = ConditionStatus.True }],
            }),
            ["job3", "Complete", "1/1", "31m", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a suspended job", Kinds.Job,
            Job("job4", completions: 1, status: new JobStatus { Conditions = [new JobCondition { Type = "Suspended", Status = ConditionStatus.True }] }),
            ["job4", "Suspended", "0/1", "", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a failed job", Kinds.Job,
            Job("job5", completions: 1, status: new JobStatus { Conditions = [new JobCondition { Type = "Failed", Status = ConditionStatus.True }] }),
            ["job5", "Failed", "0/1", "", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a cron job: suspend as upstream's True/False text, active as an integer", Kinds.CronJob,
            new CronJob
            {
                Metadata = Meta("cronjob1"),
                Spec = new CronJobSpec { Schedule = "0/5 * * * ?", Suspend = false, JobTemplate = new JobTemplateSpec { Spec = new JobSpec { Template = Template() } } },
                Status = new CronJobStatus { LastScheduleTime = Now.AddSeconds(-30) },
            },
            ["cronjob1", "0/5 * * * ?", "<none>", "False", 0L, "30s", "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "<none>"]),
        new CellsCase("a cron job with a time zone", Kinds.CronJob,
            new CronJob { Metadata = Meta("cronjob2"), Spec = new CronJobSpec { Schedule = "@hourly", TimeZone = "Europe/Paris", Suspend = true } },
            ["cronjob2", "@hourly", "Europe/Paris", "True", 0L, "<none>", "10m", "", "", "<none>"]),
        new CellsCase("a ClusterIP service", Kinds.Service,
            Service(ServiceType.ClusterIP, [new ServicePort { Port = 2233, Protocol = Protocol.TCP }]),
            ["svc", "ClusterIP", "10.9.8.7", "<none>", "2233/TCP", "10m", "app=web"]),
        new CellsCase("a NodePort service shows port:nodePort", Kinds.Service,
            Service(ServiceType.NodePort, [new ServicePort { Port = 80, NodePort = 30080, Protocol = Protocol.TCP }, new ServicePort { Port = 53, Protocol = Protocol.UDP }]),
            ["svc", "NodePort", "10.9.8.7", "<none>", "80:30080/TCP,53/UDP", "10m", "app=web"]),
        new CellsCase("a LoadBalancer service without ingress is pending", Kinds.Service,
            Service(ServiceType.LoadBalancer, [new ServicePort { Port = 80, NodePort = 30080, Protocol = Protocol.TCP }]),
            ["svc", "LoadBalancer", "10.9.8.7", "<pending>", "80:30080/TCP", "10m", "app=web"]),
        new CellsCase("a LoadBalancer service shows its ingress addresses", Kinds.Service,
            Service(ServiceType.LoadBalancer, [], new ServiceStatus { LoadBalancer = new LoadBalancerStatus { Ingress = [new LoadBalancerIngress { Ip = "3.3.3.3" }, new LoadBalancerIngress { Hostname = "lb.example" }] } }),
            ["svc", "LoadBalancer", "10.9.8.7", "3.3.3.3,lb.example", "<none>", "10m", "app=web"]),
        new CellsCase("an ExternalName service shows its name", Kinds.Service,
            new Service { Metadata = Meta("ext"), Spec = new ServiceSpec { Type = ServiceType.ExternalName, ExternalName = "db.example.com" } },
            ["ext", "ExternalName", "<none>", "db.example.com", "<none>", "10m", "<none>"]),
        new CellsCase("endpoints without subsets", Kinds.Endpoints, Endpoints(), ["ep", "<none>", "10m"]),
        new CellsCase("endpoints with one address and port", Kinds.Endpoints,
            Endpoints(Subset(["127.0.0.1"], 8080)), ["ep", "127.0.0.1:8080", "10m"]),
        new CellsCase("endpoints list port by port, three at most, then how many more", Kinds.Endpoints,
            Endpoints(Subset(["1.2.3.4", "5.6.7.8"], 8001, 8002)), ["ep", "1.2.3.4:8001,5.6.7.8:8001,1.2.3.4:8002 + 1 more...", "10m"]),
        new CellsCase("endpoints without ports list addresses; IPv6 gets brackets", Kinds.Endpoints,
            Endpoints(Subset(["10.0.0.1"]), Subset(["::1"], 8080)), ["ep", "10.0.0.1,[::1]:8080", "10m"]),
        new CellsCase("an event's wide cells: subobject, source, first seen, count, name", Kinds.Event,
            new Event
            {
                Metadata = Meta("event1"),
                InvolvedObject = new ObjectReference { Kind = "Deployment", Name = "Deployment Name", FieldPath = "spec.containers{foo}" },
                Reason = "Event Reason", Message = "Message Data ", Type = "Normal",
                Source = new EventSource { Component = "kubelet", Host = "Node1" },
                FirstTimestamp = Now.AddDays(-3), LastTimestamp = Now.AddDays(-2), Count = 6,
            },
            ["2d", "Normal", "Event Reason", "deployment/Deployment Name", "spec.containers{foo}", "kubelet, Node1", "Message Data", "3d", 6L, "event1"]),
        new CellsCase("an event without count counts once, without last seen shows first seen, reporting component as source", Kinds.Event,
            new Event
            {
                Metadata = Meta("event2"),
                InvolvedObject = new ObjectReference { Kind = "Node" },
                Reason = "Starting", Type = "Normal", ReportingComponent = "kube-proxy",
                FirstTimestamp = Now.AddSeconds(-42),
            },
            ["42s", "Normal", "Starting", "node", "", "kube-proxy", "", "42s", 1L, "event2"]),
        new CellsCase("a namespace shows its phase", Kinds.Namespace,
            new Namespace { Metadata = Meta("ns1"), Status = new NamespaceStatus { Phase = NamespacePhase.Terminating } }, ["ns1", "Terminating", "10m"]),
        new CellsCase("a config map counts data and binary data", Kinds.ConfigMap,
            new ConfigMap { Metadata = Meta("cm"), Data = new() { ["a"] = "1", ["b"] = "2" }, BinaryData = new() { ["c"] = [1] } }, ["cm", 3L, "10m"]),
        new CellsCase("a secret shows its type and data count", Kinds.Secret,
            new Secret { Metadata = Meta("s"), Type = "kubernetes.io/tls", Data = new() { ["tls.crt"] = [1], ["tls.key"] = [2] } }, ["s", "kubernetes.io/tls", 2L, "10m"]),
        new CellsCase("a lease shows its holder", Kinds.Lease,
            new Lease { Metadata = Meta("kube-scheduler"), Spec = new LeaseSpec { HolderIdentity = "silo-1" } }, ["kube-scheduler", "silo-1", "10m"]),
        new CellsCase("a priority class: value as an integer, global default as a boolean", Kinds.PriorityClass,
            new PriorityClass { Metadata = Meta("pc1"), Value = 1000, GlobalDefault = true, PreemptionPolicy = PreemptionPolicy.Never }, ["pc1", 1000L, true, "10m", "Never"]),
        new CellsCase("a resource quota: used/hard of status, limits.* in Limit and the rest in Request", Kinds.ResourceQuota,
            new ResourceQuota { Metadata = Meta("compute"), Status = new() { Hard = new() { ["pods"] = Quantity.Parse("10"), ["requests.cpu"] = Quantity.Parse("2"), ["limits.memory"] = Quantity.Parse("4Gi") }, Used = new() { ["pods"] = Quantity.Parse("2"), ["requests.cpu"] = Quantity.Parse("500m") } } },
            ["compute", "10m", "pods: 2/10, requests.cpu: 500m/2", "limits.memory: 0/4Gi"]),
        new CellsCase("a disruption budget with minAvailable shows N/A for maxUnavailable", Kinds.PodDisruptionBudget,
            new Model.Policy.PodDisruptionBudget { Metadata = Meta("web"), Spec = new() { MinAvailable = 2 }, Status = new() { DisruptionsAllowed = 1 } }, ["web", "2", "N/A", 1L, "10m"]),
        new CellsCase("a disruption budget with a maxUnavailable percentage and no status yet", Kinds.PodDisruptionBudget,
            new Model.Policy.PodDisruptionBudget { Metadata = Meta("db"), Spec = new() { MaxUnavailable = "25%" } }, ["db", "N/A", "25%", 0L, "10m"]),
        new CellsCase("a network policy shows its pod selector", Kinds.NetworkPolicy,
            new Model.Networking.NetworkPolicy { Metadata = Meta("allow-web"), Spec = new() { PodSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } } } }, ["allow-web", "app=web", "10m"]),
        new CellsCase("a network policy selecting every pod shows <none>", Kinds.NetworkPolicy,
            new Model.Networking.NetworkPolicy { Metadata = Meta("deny-all"), Spec = new() }, ["deny-all", "<none>", "10m"]),
    ];

    [Theory]
    [MemberData(nameof(CellCases))]
    public void For_Object_CellsAsUpstreamPrintsThem(CellsCase c)
    {
        var table = ObjectTables.For(c.Kind, [c.Object], Now);

        var row = Assert.Single(table.Rows);
        Assert.Equal(c.Cells, row.Cells);
        Assert.Equal(table.Columns.Count, row.Cells.Length);
        Assert.Same(c.Object, row.Object);
    }

    private static ObjectMeta Meta(string name) => new() { Name = name, Namespace = "default", CreationTimestamp = Now.AddMinutes(-10) };

    private static Pod Pod(string name, int containers, PodStatus status, int inits = 0, string? node = null, bool deleted = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", DeletionTimestamp = deleted ? Now : null },
        Spec = new PodSpec
        {
            Containers = [.. Enumerable.Range(0, containers).Select(i => new Container { Name = $"c{i}" })],
            InitContainers = inits == 0 ? null : [.. Enumerable.Range(0, inits).Select(i => new Container { Name = $"init{i}" })],
            NodeName = node,
        },
        Status = status,
    };

    private static ContainerStatus Running(bool ready, int restarts = 0) =>
        new() { Ready = ready, RestartCount = restarts, State = new ContainerState { Running = new ContainerStateRunning() } };

    private static Node Node(ConditionStatus? ready, bool unschedulable = false, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = "n1", Labels = labels, CreationTimestamp = Now.AddMinutes(-10) },
        Spec = new NodeSpec { Unschedulable = unschedulable ? true : null },
        Status = new NodeStatus
        {
            Conditions = ready is { } status ? [new NodeCondition { Type = "Ready", Status = status }] : null,
            Addresses = [new NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }],
            NodeInfo = new NodeSystemInfo { KubeletVersion = "v1.32.0", OsImage = "Ubuntu", ContainerRuntimeVersion = "containerd://1.7" },
        },
    };

    private static PodTemplateSpec Template() => new()
    {
        Spec = new PodSpec { Containers = [new Container { Name = "fake-container1", Image = "fake-image1" }, new Container { Name = "fake-container2", Image = "fake-image2" }] },
    };

    private static Job Job(string name, JobStatus status, int? completions = null, int? parallelism = null) => new()
    {
        Metadata = Meta(name),
        Spec = new JobSpec { Completions = completions, Parallelism = parallelism, Template = Template() },
        Status = status,
    };

    private static Service Service(ServiceType type, List<ServicePort> ports, ServiceStatus? status = null) => new()
    {
        Metadata = Meta("svc"),
        Spec = new ServiceSpec { Type = type, ClusterIP = "10.9.8.7", ClusterIPs = ["10.9.8.7"], Ports = ports, Selector = new() { ["app"] = "web" } },
        Status = status,
    };

    private static Endpoints Endpoints(params EndpointSubset[] subsets) => new() { Metadata = Meta("ep"), Subsets = subsets.Length == 0 ? null : [.. subsets] };

    private static EndpointSubset Subset(string[] ips, params int[] ports) => new()
    {
        Addresses = [.. ips.Select(ip => new EndpointAddress { Ip = ip })],
        Ports = ports.Length == 0 ? null : [.. ports.Select(p => new EndpointPort { Port = p })],
    };
}
