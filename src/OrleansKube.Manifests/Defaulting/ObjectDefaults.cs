namespace OrleansKube.Manifests.Defaulting;

/// <summary>Upstream's defaulting (the API server's SetDefaults_* functions) for the kinds we serve.</summary>
public static class ObjectDefaults
{
    public const string DefaultNamespace = "default";
    public const string DefaultSchedulerName = "default-scheduler";
    public const long DefaultTerminationGracePeriodSeconds = 30;

    private static readonly IntOrString TwentyFivePercent = IntOrString.FromString("25%");

    public static void Apply(KubeObject obj)
    {
        obj.ApiVersion ??= Kinds.Of(obj).ApiVersion;
        obj.Kind ??= Kinds.Of(obj).Kind;
        switch (obj)
        {
            case Pod pod:
                ApplyPodSpec(pod.Spec);
                break;
            case ReplicaSet rs when rs.Spec is { } spec:
                spec.Replicas ??= 1;
                ApplyTemplate(spec.Template);
                break;
            case ReplicationController rc when rc.Spec is { } spec:
                // Upstream's SetDefaults_ReplicationController: an empty selector (and empty metadata labels) take the template's labels.
                spec.Replicas ??= 1;
                if (spec.Template?.Metadata?.Labels is { Count: > 0 } labels)
                {
                    if (spec.Selector is not { Count: > 0 })
                    {
                        spec.Selector = new(labels, StringComparer.Ordinal);
                    }

                    if (rc.Metadata.Labels is not { Count: > 0 })
                    {
                        rc.Metadata.Labels = new(labels, StringComparer.Ordinal);
                    }
                }

                ApplyTemplate(spec.Template);
                break;
            case Deployment deployment when deployment.Spec is { } spec:
                spec.Replicas ??= 1;
                spec.Strategy ??= new DeploymentStrategy();
                spec.Strategy.Type ??= DeploymentStrategyType.RollingUpdate;
                if (spec.Strategy.Type == DeploymentStrategyType.RollingUpdate)
                {
                    spec.Strategy.RollingUpdate ??= new RollingUpdateDeployment();
                    spec.Strategy.RollingUpdate.MaxUnavailable ??= TwentyFivePercent;
                    spec.Strategy.RollingUpdate.MaxSurge ??= TwentyFivePercent;
                }

                spec.RevisionHistoryLimit ??= 10;
                spec.ProgressDeadlineSeconds ??= 600;
                ApplyTemplate(spec.Template);
                break;
            case DaemonSet ds when ds.Spec is { } spec:
                spec.UpdateStrategy ??= new DaemonSetUpdateStrategy();
                spec.UpdateStrategy.Type ??= DaemonSetUpdateStrategyType.RollingUpdate;
                if (spec.UpdateStrategy.Type == DaemonSetUpdateStrategyType.RollingUpdate)
                {
                    spec.UpdateStrategy.RollingUpdate ??= new RollingUpdateDaemonSet();
                    spec.UpdateStrategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromInt(1);
                    spec.UpdateStrategy.RollingUpdate.MaxSurge ??= IntOrString.FromInt(0);
                }

                spec.RevisionHistoryLimit ??= 10;
                ApplyTemplate(spec.Template);
                break;
            case StatefulSet sts when sts.Spec is { } spec:
                ApplyStatefulSet(spec);
                break;
            case PersistentVolumeClaim claim:
                ApplyClaim(claim);
                break;
            case PersistentVolume volume:
                // Upstream's SetDefaults_PersistentVolume: Retain and a filesystem (the status is the create's: Available).
                volume.Spec ??= new PersistentVolumeSpec();
                volume.Spec.PersistentVolumeReclaimPolicy ??= PersistentVolumeReclaimPolicy.Retain;
                volume.Spec.VolumeMode ??= PersistentVolumeMode.Filesystem;
                break;
            case StorageClass storageClass:
                storageClass.ReclaimPolicy ??= PersistentVolumeReclaimPolicy.Delete;
                storageClass.VolumeBindingMode ??= VolumeBindingMode.Immediate;
                break;
            case Job job when job.Spec is { } spec:
                if (spec.Completions is null && spec.Parallelism is null)
                {
                    spec.Completions = 1;
                }

                spec.Parallelism ??= 1;
                ApplyJobFailureDefaults(spec);
                spec.CompletionMode ??= CompletionMode.NonIndexed;
                spec.Suspend ??= false;
                ApplyTemplate(spec.Template);
                break;
            case CronJob cronJob when cronJob.Spec is { } spec:
                spec.ConcurrencyPolicy ??= ConcurrencyPolicy.Allow;
                spec.Suspend ??= false;
                spec.SuccessfulJobsHistoryLimit ??= 3;
                spec.FailedJobsHistoryLimit ??= 1;
                if (spec.JobTemplate?.Spec is { } jobSpec)
                {
                    Apply(new Job { Spec = jobSpec });
                }

                break;
            case HorizontalPodAutoscaler hpa when hpa.Spec is { } spec:
                AutoscalerDefaults.Apply(spec);
                break;
            case Service service when service.Spec is { } spec:
                ApplyService(spec);
                break;
            case Secret secret:
                secret.Type ??= "Opaque";
                MergeStringData(secret);
                break;
            case PriorityClass priorityClass:
                priorityClass.PreemptionPolicy ??= PreemptionPolicy.PreemptLowerPriority;
                break;
            case RoleBinding roleBinding:
                DefaultSubjects(roleBinding.Subjects);
                break;
            case ClusterRoleBinding clusterRoleBinding:
                DefaultSubjects(clusterRoleBinding.Subjects);
                break;
            case LimitRange { Spec: { } limitRange }:
                foreach (var item in limitRange.Limits.Where(i => i.Type == LimitType.Container))
                {
                    ApplyContainerLimit(item);
                }

                break;
            case NetworkPolicy { Spec: { } policy }:
                // Upstream's SetDefaults_NetworkPolicy(Port): TCP ports; a policy naming no types is an Ingress one, and an Egress one too when it has egress rules.
                foreach (var port in (policy.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((policy.Egress ?? []).SelectMany(r => r.Ports ?? [])))
                {
                    port.Protocol ??= Protocol.TCP;
                }

                if (policy.PolicyTypes is not { Count: > 0 })
                {
                    policy.PolicyTypes = policy.Egress is { Count: > 0 } ? [PolicyType.Ingress, PolicyType.Egress] : [PolicyType.Ingress];
                }

                break;
            case IngressClass { Spec.Parameters: { } parameters }:
                parameters.Scope ??= "Cluster";
                break;
        }
    }

    // Upstream's SetDefaults_LimitRangeItem: a missing default limit is the max, a missing default request the default
    // limit, else the min.
    private static void ApplyContainerLimit(LimitRangeItem item)
    {
        item.Default ??= [];
        item.DefaultRequest ??= [];
        foreach (var (name, max) in item.Max ?? [])
        {
            item.Default.TryAdd(name, max);
        }

        foreach (var (name, limit) in item.Default)
        {
            item.DefaultRequest.TryAdd(name, limit);
        }

        foreach (var (name, min) in item.Min ?? [])
        {
            item.DefaultRequest.TryAdd(name, min);
        }

        // Empty maps are left out, as upstream's omitempty does.
        item.Default = item.Default.Count == 0 ? null : item.Default;
        item.DefaultRequest = item.DefaultRequest.Count == 0 ? null : item.DefaultRequest;
    }

    // Upstream's SetDefaults_StatefulSet (maxUnavailable stays unset: its feature gate is off by default).
    private static void ApplyStatefulSet(StatefulSetSpec spec)
    {
        spec.Replicas ??= 1;
        spec.PodManagementPolicy ??= PodManagementPolicyType.OrderedReady;
        if (spec.UpdateStrategy?.Type is null)
        {
            spec.UpdateStrategy ??= new StatefulSetUpdateStrategy();
            spec.UpdateStrategy.Type = StatefulSetUpdateStrategyType.RollingUpdate;
            spec.UpdateStrategy.RollingUpdate ??= new RollingUpdateStatefulSetStrategy();
        }

        if (spec.UpdateStrategy is { Type: StatefulSetUpdateStrategyType.RollingUpdate, RollingUpdate: { } rolling })
        {
            rolling.Partition ??= 0;
        }

        spec.PersistentVolumeClaimRetentionPolicy ??= new StatefulSetPersistentVolumeClaimRetentionPolicy();
        spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted ??= PersistentVolumeClaimRetentionPolicyType.Retain;
        spec.PersistentVolumeClaimRetentionPolicy.WhenScaled ??= PersistentVolumeClaimRetentionPolicyType.Retain;
        spec.RevisionHistoryLimit ??= 10;
        ApplyTemplate(spec.Template);
        foreach (var claim in spec.VolumeClaimTemplates ?? [])
        {
            claim.ApiVersion ??= Kinds.PersistentVolumeClaim.ApiVersion;
            claim.Kind ??= Kinds.PersistentVolumeClaim.Kind;
            ApplyClaim(claim);
        }
    }

    // Upstream's SetDefaults_Service: ClientIP affinity's 3-hour timeout (no config without affinity), TCP ports aimed at
    // themselves, and the traffic policies and node-port allocation of the types they apply to.
    private static void ApplyService(ServiceSpec spec)
    {
        spec.Type ??= ServiceType.ClusterIP;
        spec.SessionAffinity ??= "None";
        if (spec.SessionAffinity == "None")
        {
            spec.SessionAffinityConfig = null;
        }
        else if (spec.SessionAffinity == "ClientIP")
        {
            spec.SessionAffinityConfig ??= new SessionAffinityConfig();
            spec.SessionAffinityConfig.ClientIP ??= new ClientIPConfig();
            spec.SessionAffinityConfig.ClientIP.TimeoutSeconds ??= 10800;
        }

        foreach (var port in spec.Ports ?? [])
        {
            port.Protocol ??= Protocol.TCP;
            port.TargetPort ??= IntOrString.FromInt(port.Port);
        }

        if (spec.Type is ServiceType.NodePort or ServiceType.LoadBalancer)
        {
            spec.ExternalTrafficPolicy ??= "Cluster";
        }

        if (spec.Type is ServiceType.ClusterIP or ServiceType.NodePort or ServiceType.LoadBalancer)
        {
            spec.InternalTrafficPolicy ??= "Cluster";
        }

        if (spec.Type is ServiceType.LoadBalancer)
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
        }
    }

    // Upstream's SetDefaults_PersistentVolumeClaim(Spec): a filesystem volume, Pending until bound.
    private static void ApplyClaim(PersistentVolumeClaim claim)
    {
        claim.Spec ??= new PersistentVolumeClaimSpec();
        claim.Spec.VolumeMode ??= PersistentVolumeMode.Filesystem;
        claim.Status ??= new PersistentVolumeClaimStatus();
        claim.Status.Phase ??= PersistentVolumeClaimPhase.Pending;
    }

    /// <summary>
    /// A Secret's <c>stringData</c> is write-only, as upstream's conversion makes it: each entry goes into <c>data</c> as
    /// its UTF-8 bytes (over an entry of <c>data</c> with the same key) and the field itself is not kept.
    /// </summary>
    /// <summary>Upstream's subject defaulting: a User or Group without an apiGroup is rbac.authorization.k8s.io's.</summary>
    private static void DefaultSubjects(List<Subject>? subjects)
    {
        foreach (var subject in subjects ?? [])
        {
            if (string.IsNullOrEmpty(subject.ApiGroup) && subject.Kind is "User" or "Group")
            {
                subject.ApiGroup = "rbac.authorization.k8s.io";
            }
        }
    }

    private static void MergeStringData(Secret secret)
    {
        if (secret.StringData is not { } strings)
        {
            return;
        }

        var data = secret.Data is { } held ? new Dictionary<string, byte[]>(held, StringComparer.Ordinal) : new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in strings)
        {
            data[key] = System.Text.Encoding.UTF8.GetBytes(value);
        }

        secret.Data = data;
        secret.StringData = null;
    }

    /// <summary>Fills the namespace of a namespaced object that names none.</summary>
    /// <summary>The object with its namespace defaulted: itself when it needs none, else a copy of its top and metadata.</summary>
    public static KubeObject WithDefaultNamespace(KubeObject obj, string defaultNamespace = DefaultNamespace) =>
        Kinds.Of(obj).Namespaced && string.IsNullOrEmpty(obj.Metadata.Namespace) ? obj with { Metadata = obj.Metadata with { Namespace = defaultNamespace } } : obj;

    public static void ApplyNamespace(KubeObject obj, string defaultNamespace = DefaultNamespace)
    {
        if (Kinds.Of(obj).Namespaced && string.IsNullOrEmpty(obj.Metadata.Namespace))
        {
            obj.Metadata.Namespace = defaultNamespace;
        }
    }

    public static void ApplyPodSpec(PodSpec spec)
    {
        spec.RestartPolicy ??= RestartPolicy.Always;
        spec.SchedulerName ??= DefaultSchedulerName;
        spec.TerminationGracePeriodSeconds ??= DefaultTerminationGracePeriodSeconds;
        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers))
        {
            ApplyContainer(container);
        }

        foreach (var toleration in spec.Tolerations ?? [])
        {
            toleration.Operator ??= string.IsNullOrEmpty(toleration.Key) ? null : TolerationOperator.Equal;
        }
    }

    /// <summary>
    /// Upstream's: backoffLimit 6, or unlimited when failures are counted per index; pods replaced once terminating, or
    /// only once failed under a pod failure policy (a pod condition pattern's status is True unless written: the
    /// enum's first value).
    /// </summary>
    private static void ApplyJobFailureDefaults(JobSpec spec)
    {
        spec.BackoffLimit ??= spec.BackoffLimitPerIndex is null ? 6 : int.MaxValue;
        spec.PodReplacementPolicy ??= spec.PodFailurePolicy is null ? PodReplacementPolicy.TerminatingOrFailed : PodReplacementPolicy.Failed;
    }

    private static void ApplyTemplate(PodTemplateSpec? template)
    {
        if (template?.Spec is { } spec)
        {
            ApplyPodSpec(spec);
        }
    }

    private static void ApplyContainer(Container container)
    {
        container.ImagePullPolicy ??= PullPolicyFor(container.Image);
        foreach (var port in container.Ports ?? [])
        {
            port.Protocol ??= Protocol.TCP;
        }

        // Upstream: a resource with a limit and no request is requested at its limit.
        if (container.Resources?.Limits is { Count: > 0 } limits)
        {
            container.Resources.Requests ??= [];
            foreach (var (name, limit) in limits)
            {
                container.Resources.Requests.TryAdd(name, limit);
            }
        }

        ApplyProbe(container.LivenessProbe);
        ApplyProbe(container.ReadinessProbe);
        ApplyProbe(container.StartupProbe);
    }

    private static void ApplyProbe(Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        probe.TimeoutSeconds ??= 1;
        probe.PeriodSeconds ??= 10;
        probe.SuccessThreshold ??= 1;
        probe.FailureThreshold ??= 3;
        probe.HttpGet?.Scheme ??= "HTTP";
        if (probe.HttpGet is { Path: null } httpGet)
        {
            httpGet.Path = "/";
        }
    }

    /// <summary><c>Always</c> for <c>:latest</c> or untagged images, else <c>IfNotPresent</c>.</summary>
    private static PullPolicy PullPolicyFor(string? image)
    {
        if (string.IsNullOrEmpty(image) || image.Contains('@', StringComparison.Ordinal))
        {
            return PullPolicy.IfNotPresent;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? PullPolicy.Always : PullPolicy.IfNotPresent;
    }
}
