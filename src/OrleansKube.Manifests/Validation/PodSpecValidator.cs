using OrleansKube.Model.Selection;

namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's pod spec validation (containers, resources, probes, scheduling constraints, volumes).</summary>
public static class PodSpecValidator
{
    public static void Validate(PodSpec spec, string path, List<FieldError> errors)
    {
        var volumeNames = ValidateVolumes(spec.Volumes, FieldPath.Child(path, "volumes"), errors);
        if (spec.Containers.Count == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "containers")));
        }

        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        ValidateContainers(spec.InitContainers ?? [], FieldPath.Child(path, "initContainers"), containerNames, volumeNames, isInit: true, errors);
        ValidateContainers(spec.Containers, FieldPath.Child(path, "containers"), containerNames, volumeNames, isInit: false, errors);

        if (spec.NodeName is { Length: > 0 } nodeName && NameRules.CheckDns1123Subdomain(nodeName) is { } nodeProblem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "nodeName"), nodeName, nodeProblem));
        }

        ObjectValidator.ValidateLabels(spec.NodeSelector, FieldPath.Child(path, "nodeSelector"), errors);
        ValidateTolerations(spec.Tolerations, FieldPath.Child(path, "tolerations"), errors);
        AffinityValidator.Validate(spec.Affinity, FieldPath.Child(path, "affinity"), errors);
        ValidateTopologySpread(spec.TopologySpreadConstraints, FieldPath.Child(path, "topologySpreadConstraints"), errors);
        ValidateSchedulingGates(spec, path, errors);

        if (spec.TerminationGracePeriodSeconds is < 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), spec.TerminationGracePeriodSeconds, "must be greater than or equal to 0"));
        }

        if (spec.ActiveDeadlineSeconds is <= 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "activeDeadlineSeconds"), spec.ActiveDeadlineSeconds, "must be between 1 and 2147483647, inclusive"));
        }

        if (spec.SchedulerName is { Length: > 0 } schedulerName && NameRules.CheckDns1123Subdomain(schedulerName) is { } schedulerProblem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "schedulerName"), schedulerName, schedulerProblem));
        }
    }

    /// <summary>A template's spec: a pod spec, with no ephemeral containers (upstream adds them only to a running pod).</summary>
    public static void ValidateTemplate(PodSpec spec, string path, List<FieldError> errors)
    {
        Validate(spec, path, errors);
        if (spec.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(path, "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }
    }

    private static HashSet<string> ValidateVolumes(List<Volume>? volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var volumePath = FieldPath.Index(path, i);
            ValidateUniqueLabelName(volume.Name, FieldPath.Child(volumePath, "name"), names, errors);

            var sources = SourceCount(volume);
            if (sources == 0)
            {
                errors.Add(FieldError.Required(volumePath, "must specify a volume type"));
            }
            else if (sources > 1)
            {
                errors.Add(FieldError.Forbidden(volumePath, "may not specify more than 1 volume type"));
            }

            if (volume.HostPath is { } hostPath && string.IsNullOrEmpty(hostPath.Path))
            {
                errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Child(volumePath, "hostPath"), "path")));
            }

            if (volume.PersistentVolumeClaim is { ClaimName: null or "" })
            {
                errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Child(volumePath, "persistentVolumeClaim"), "claimName")));
            }

            if (volume.Secret is { SecretName: null or "" })
            {
                errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Child(volumePath, "secret"), "secretName")));
            }
        }

        return names;
    }

    private static int SourceCount(Volume v) => new object?[]
    {
        v.HostPath, v.EmptyDir, v.GcePersistentDisk, v.AwsElasticBlockStore, v.GitRepo, v.Secret, v.Nfs, v.Iscsi, v.Glusterfs,
        v.PersistentVolumeClaim, v.Rbd, v.FlexVolume, v.Cinder, v.CephFs, v.Flocker, v.DownwardApi, v.Fc, v.AzureFile, v.ConfigMap,
        v.VsphereVolume, v.Quobyte, v.AzureDisk, v.PhotonPersistentDisk, v.Projected, v.PortworxVolume, v.ScaleIo, v.StorageOs, v.Csi,
        v.Ephemeral, v.Image,
    }.Count(s => s is not null);

    /// <summary>Upstream's: each gate a qualified name, no gate twice, and no nodeName while any gate is left.</summary>
    private static void ValidateSchedulingGates(PodSpec spec, string path, List<FieldError> errors)
    {
        var gatesPath = FieldPath.Child(path, "schedulingGates");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.SchedulingGates?.Count ?? 0); i++)
        {
            var name = spec.SchedulingGates![i].Name;
            var gatePath = FieldPath.Index(gatesPath, i);
            if (NameRules.CheckQualifiedName(name) is { } problem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(gatePath, "name"), name, problem));
            }
            else if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(gatePath, name));
            }
        }

        if (spec.SchedulingGates is { Count: > 0 } && !string.IsNullOrEmpty(spec.NodeName))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(path, "nodeName"), "cannot be set until all schedulingGates have been cleared"));
        }
    }

    private static void ValidateContainers(List<Container> containers, string path, HashSet<string> names, HashSet<string> volumes, bool isInit, List<FieldError> errors)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var containerPath = FieldPath.Index(path, i);
            ValidateUniqueLabelName(container.Name, FieldPath.Child(containerPath, "name"), names, errors);

            if (string.IsNullOrWhiteSpace(container.Image))
            {
                errors.Add(FieldError.Required(FieldPath.Child(containerPath, "image")));
            }

            ValidatePorts(container.Ports, FieldPath.Child(containerPath, "ports"), errors);
            ValidateEnv(container.Env, FieldPath.Child(containerPath, "env"), errors);
            ValidateResources(container.Resources, FieldPath.Child(containerPath, "resources"), errors);
            for (var m = 0; m < (container.VolumeMounts?.Count ?? 0); m++)
            {
                var mount = container.VolumeMounts![m];
                var mountPath = FieldPath.Index(FieldPath.Child(containerPath, "volumeMounts"), m);
                if (!volumes.Contains(mount.Name))
                {
                    errors.Add(FieldError.NotFound(FieldPath.Child(mountPath, "name"), mount.Name));
                }

                if (string.IsNullOrEmpty(mount.MountPath))
                {
                    errors.Add(FieldError.Required(FieldPath.Child(mountPath, "mountPath")));
                }
            }

            var sidecar = isInit && container.RestartPolicy == ContainerRestartPolicy.Always;
            if (!isInit && container.RestartPolicy is not null)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Child(containerPath, "restartPolicy"), "may not be set for non-init containers"));
            }

            if (isInit && !sidecar)
            {
                ForbidOnInit(container.LivenessProbe, "livenessProbe", containerPath, errors);
                ForbidOnInit(container.ReadinessProbe, "readinessProbe", containerPath, errors);
                ForbidOnInit(container.Lifecycle, "lifecycle", containerPath, errors);
            }
            else
            {
                ValidateProbe(container.LivenessProbe, FieldPath.Child(containerPath, "livenessProbe"), mustSucceedOnce: true, errors);
                ValidateProbe(container.ReadinessProbe, FieldPath.Child(containerPath, "readinessProbe"), mustSucceedOnce: false, errors);
                ValidateProbe(container.StartupProbe, FieldPath.Child(containerPath, "startupProbe"), mustSucceedOnce: true, errors);
                ValidateHandler(container.Lifecycle?.PostStart, FieldPath.Child(FieldPath.Child(containerPath, "lifecycle"), "postStart"), errors);
                ValidateHandler(container.Lifecycle?.PreStop, FieldPath.Child(FieldPath.Child(containerPath, "lifecycle"), "preStop"), errors);
            }
        }
    }

    /// <summary>Container and volume names: required, DNS-1123 labels, unique within the pod.</summary>
    private static void ValidateUniqueLabelName(string name, string path, HashSet<string> seen, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(path));
        }
        else if (NameRules.CheckDns1123Label(name) is { } problem)
        {
            errors.Add(FieldError.Invalid(path, name, problem));
        }
        else if (!seen.Add(name))
        {
            errors.Add(FieldError.Duplicate(path, name));
        }
    }

    private static void ForbidOnInit(object? field, string name, string containerPath, List<FieldError> errors)
    {
        if (field is not null)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Child(containerPath, name), $"may not be set for init containers without restartPolicy=Always"));
        }
    }

    private static void ValidatePorts(List<ContainerPort>? ports, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var portPath = FieldPath.Index(path, i);
            if (port.Port is < 1 or > 65535)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "containerPort"), port.Port, "must be between 1 and 65535, inclusive"));
            }

            if (port.HostPort is < 0 or > 65535)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(portPath, "hostPort"), port.HostPort, "must be between 1 and 65535, inclusive"));
            }

            if (port.Name is { Length: > 0 } name && !names.Add(name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(portPath, "name"), name));
            }
        }
    }

    private static void ValidateEnv(List<EnvVar>? env, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var variable = env![i];
            var envPath = FieldPath.Index(path, i);
            if (string.IsNullOrEmpty(variable.Name))
            {
                errors.Add(FieldError.Required(FieldPath.Child(envPath, "name")));
            }

            var sources = new object?[] { variable.ValueFrom?.ConfigMapKeyRef, variable.ValueFrom?.SecretKeyRef, variable.ValueFrom?.FieldRef, variable.ValueFrom?.ResourceFieldRef }.Count(s => s is not null);
            if (variable.ValueFrom is not null && sources != 1)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(envPath, "valueFrom"), "", "must specify exactly one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
            }

            if (variable.ValueFrom is not null && !string.IsNullOrEmpty(variable.Value))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(envPath, "valueFrom"), "", "may not be specified when `value` is not empty"));
            }
        }
    }

    private static void ValidateResources(ResourceRequirements? resources, string path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }

        ObjectValidator.ValidateResourceList(resources.Limits, FieldPath.Child(path, "limits"), errors);
        ObjectValidator.ValidateResourceList(resources.Requests, FieldPath.Child(path, "requests"), errors);
        foreach (var (name, request) in resources.Requests ?? [])
        {
            if (resources.Limits is not null && resources.Limits.TryGetValue(name, out var limit) && request > limit)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(FieldPath.Child(path, "requests"), name), request.ToString(), $"must be less than or equal to {name} limit of {limit}"));
            }
        }
    }

    private static void ValidateProbe(Probe? probe, string path, bool mustSucceedOnce, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }

        var handlers = new object?[] { probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc }.Count(h => h is not null);
        if (handlers == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }
        else if (handlers > 1)
        {
            errors.Add(FieldError.Forbidden(path, "may not specify more than 1 handler type"));
        }

        CheckNonNegative(probe.InitialDelaySeconds, FieldPath.Child(path, "initialDelaySeconds"), errors);
        CheckPositive(probe.TimeoutSeconds, FieldPath.Child(path, "timeoutSeconds"), errors);
        CheckPositive(probe.PeriodSeconds, FieldPath.Child(path, "periodSeconds"), errors);
        CheckPositive(probe.SuccessThreshold, FieldPath.Child(path, "successThreshold"), errors);
        CheckPositive(probe.FailureThreshold, FieldPath.Child(path, "failureThreshold"), errors);
        if (mustSucceedOnce && probe.SuccessThreshold is > 1)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "successThreshold"), probe.SuccessThreshold, "must be 1"));
        }
    }

    private static void ValidateHandler(LifecycleHandler? handler, string path, List<FieldError> errors)
    {
        if (handler is not null && new object?[] { handler.Exec, handler.HttpGet, handler.TcpSocket, handler.Sleep }.Count(h => h is not null) != 1)
        {
            errors.Add(FieldError.Required(path, "must specify exactly one handler type"));
        }
    }

    private static void ValidateTolerations(List<Toleration>? tolerations, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var toleration = tolerations![i];
            var tolerationPath = FieldPath.Index(path, i);
            if (string.IsNullOrEmpty(toleration.Key) && toleration.Operator != TolerationOperator.Exists)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(tolerationPath, "operator"), toleration.Operator?.ToString() ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            else if (!string.IsNullOrEmpty(toleration.Key) && NameRules.CheckQualifiedName(toleration.Key) is { } problem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(tolerationPath, "key"), toleration.Key, problem));
            }

            if (toleration.Operator == TolerationOperator.Exists && !string.IsNullOrEmpty(toleration.Value))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(tolerationPath, "operator"), toleration.Value, "value must be empty when `operator` is 'Exists'"));
            }

            if (toleration.TolerationSeconds is not null && toleration.Effect != TaintEffect.NoExecute)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(tolerationPath, "effect"), toleration.Effect?.ToString() ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
        }
    }

    private static void ValidateTopologySpread(List<TopologySpreadConstraint>? constraints, string path, List<FieldError> errors)
    {
        var seen = new HashSet<(string, UnsatisfiableConstraintAction)>();
        for (var i = 0; i < (constraints?.Count ?? 0); i++)
        {
            var constraint = constraints![i];
            var constraintPath = FieldPath.Index(path, i);
            if (constraint.MaxSkew < 1)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(constraintPath, "maxSkew"), constraint.MaxSkew, "must be greater than zero"));
            }

            if (string.IsNullOrEmpty(constraint.TopologyKey))
            {
                errors.Add(FieldError.Required(FieldPath.Child(constraintPath, "topologyKey"), "can not be empty"));
            }
            else if (!seen.Add((constraint.TopologyKey, constraint.WhenUnsatisfiable)))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(constraintPath, "{topologyKey, whenUnsatisfiable}"), $"{{{constraint.TopologyKey}, {constraint.WhenUnsatisfiable}}}"));
            }

            if (constraint.MinDomains is { } minDomains && (minDomains < 1 || constraint.WhenUnsatisfiable != UnsatisfiableConstraintAction.DoNotSchedule))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(constraintPath, "minDomains"), minDomains, "must be greater than 0, and whenUnsatisfiable must be DoNotSchedule"));
            }

            WorkloadValidator.ValidateSelector(constraint.LabelSelector, FieldPath.Child(constraintPath, "labelSelector"), errors);
        }
    }

    private static void CheckNonNegative(int? value, string path, List<FieldError> errors)
    {
        if (value is < 0)
        {
            errors.Add(FieldError.Invalid(path, value, "must be greater than or equal to 0"));
        }
    }

    private static void CheckPositive(int? value, string path, List<FieldError> errors)
    {
        if (value is < 1)
        {
            errors.Add(FieldError.Invalid(path, value, "must be greater than or equal to 1"));
        }
    }
}
