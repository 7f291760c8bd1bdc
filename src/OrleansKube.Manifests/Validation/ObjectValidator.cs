using System.Text.RegularExpressions;
using OrleansKube.Manifests.Simulation;
using OrleansKube.Model.Selection;

namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's object validation: metadata for every kind, then the kind's own rules.</summary>
public static partial class ObjectValidator
{
    public static IReadOnlyList<FieldError> Validate(KubeObject obj)
    {
        var errors = new List<FieldError>();
        var kind = Kinds.Of(obj);
        ValidateMetadata(obj.Metadata, kind, errors);
        SizeLimits.Validate(obj, errors);
        switch (obj)
        {
            case Pod pod:
                PodSpecValidator.Validate(pod.Spec, "spec", errors);
                WorkloadBehaviour.Validate(pod.Metadata.Annotations, "metadata.annotations", errors);
                break;
            case Node node:
                NodeSimulation.Validate(node.Metadata.Annotations, "metadata.annotations", errors);
                ValidateTaints(node.Spec?.Taints, "spec.taints", errors);
                ValidateResourceList(node.Status?.Capacity, "status.capacity", errors);
                ValidateResourceList(node.Status?.Allocatable, "status.allocatable", errors);
                break;
            case ConfigMap configMap:
                ValidateDataKeys(configMap.Data?.Keys.Concat(configMap.BinaryData?.Keys ?? Enumerable.Empty<string>()), "data", errors);
                break;
            case Secret secret:
                ValidateDataKeys(secret.Data?.Keys.Concat(secret.StringData?.Keys ?? Enumerable.Empty<string>()), "data", errors);
                break;
            case Service service:
                ValidateService(service, errors);
                break;
            case Lease lease when lease.Spec?.LeaseDurationSeconds is <= 0:
                errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", lease.Spec.LeaseDurationSeconds, "must be greater than 0"));
                break;
            case PriorityClass priorityClass:
                if (priorityClass.Value > 1_000_000_000 && !(priorityClass.Metadata.Name ?? "").StartsWith("system-", StringComparison.Ordinal))
                {
                    errors.Add(FieldError.Forbidden("value", "maximum allowed value of a user defined priority is 1000000000"));
                }

                break;
            case PersistentVolumeClaim claim:
                VolumeClaimValidator.Validate(claim.Spec, "spec", errors);
                break;
            case PersistentVolume volume:
                VolumeValidator.Validate(volume, errors);
                break;
            case StorageClass storageClass:
                VolumeValidator.Validate(storageClass, errors);
                break;
            case ReplicaSet or ReplicationController or Deployment or DaemonSet or StatefulSet or Job or CronJob:
                WorkloadValidator.Validate(obj, errors);
                break;
            case ControllerRevision revision:
                ControllerRevisionValidator.Validate(revision, errors);
                break;
            case PodDisruptionBudget pdb:
                DisruptionBudgetValidator.Validate(pdb, errors);
                break;
            case HorizontalPodAutoscaler hpa:
                AutoscalerValidator.Validate(hpa, errors);
                break;
            case Ingress ingress:
                IngressValidator.Validate(ingress, errors);
                break;
            case IngressClass ingressClass:
                IngressValidator.Validate(ingressClass, errors);
                break;
            case NetworkPolicy networkPolicy:
                NetworkPolicyValidator.Validate(networkPolicy, errors);
                break;
            case Role or ClusterRole or RoleBinding or ClusterRoleBinding:
                RbacValidator.Validate(obj, errors);
                break;
        }

        return errors;
    }

    internal static void ValidateMetadata(ObjectMeta metadata, KindInfo kind, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metadata.Name) && string.IsNullOrEmpty(metadata.GenerateName))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else if (!string.IsNullOrEmpty(metadata.Name) && CheckName(kind, metadata.Name) is { } problem)
        {
            errors.Add(FieldError.Invalid("metadata.name", metadata.Name, problem));
        }

        if (kind.Namespaced && !string.IsNullOrEmpty(metadata.Namespace) && NameRules.CheckDns1123Label(metadata.Namespace) is { } nsProblem)
        {
            errors.Add(FieldError.Invalid("metadata.namespace", metadata.Namespace, nsProblem));
        }

        if (!kind.Namespaced && !string.IsNullOrEmpty(metadata.Namespace))
        {
            // Upstream ignores a namespace on cluster-scoped objects; drop it so nothing stores one.
            metadata.Namespace = null;
        }

        ValidateLabels(metadata.Labels, "metadata.labels", errors);
        foreach (var key in metadata.Annotations?.Keys ?? Enumerable.Empty<string>())
        {
            if (NameRules.CheckQualifiedName(key) is { } annotationProblem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child("metadata.annotations", key), key, annotationProblem));
            }
        }

        for (var i = 0; i < (metadata.OwnerReferences?.Count ?? 0); i++)
        {
            var owner = metadata.OwnerReferences![i];
            var path = FieldPath.Index("metadata.ownerReferences", i);
            if (string.IsNullOrEmpty(owner.Uid))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "uid"), owner.Uid, "uid must not be empty"));
            }

            if (string.IsNullOrEmpty(owner.Name))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "name"), owner.Name, "name must not be empty"));
            }
        }

        if (metadata.OwnerReferences?.Count(o => o.Controller == true) > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", "", "Only one reference can have Controller set to true"));
        }
    }

    internal static void ValidateLabels(Dictionary<string, string>? labels, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in labels ?? [])
        {
            if (NameRules.CheckQualifiedName(key) is { } keyProblem)
            {
                errors.Add(FieldError.Invalid(path, key, keyProblem));
            }

            if (NameRules.CheckLabelValue(value) is { } valueProblem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, key), value, valueProblem));
            }
        }
    }

    internal static void ValidateResourceList(Dictionary<string, Quantity>? resources, string path, List<FieldError> errors)
    {
        foreach (var (name, quantity) in resources ?? [])
        {
            var resourcePath = FieldPath.Child(path, name);
            if (NameRules.CheckQualifiedName(name) is { } problem)
            {
                errors.Add(FieldError.Invalid(resourcePath, name, problem));
            }

            if (quantity.Amount < 0)
            {
                errors.Add(FieldError.Invalid(resourcePath, quantity.ToString(), "must be greater than or equal to 0"));
            }
        }
    }

    internal static void ValidateTaints(List<Taint>? taints, string path, List<FieldError> errors)
    {
        var seen = new HashSet<(string, TaintEffect)>();
        for (var i = 0; i < (taints?.Count ?? 0); i++)
        {
            var taint = taints![i];
            var taintPath = FieldPath.Index(path, i);
            if (NameRules.CheckQualifiedName(taint.Key) is { } keyProblem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(taintPath, "key"), taint.Key, keyProblem));
            }

            if (taint.Value is { Length: > 0 } value && NameRules.CheckLabelValue(value) is { } valueProblem)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(taintPath, "value"), value, valueProblem));
            }

            if (!seen.Add((taint.Key, taint.Effect)))
            {
                errors.Add(FieldError.Duplicate(taintPath, $"{taint.Key}:{taint.Effect}"));
            }
        }
    }

    private static string? CheckName(KindInfo kind, string name) => kind.Kind switch
    {
        "Namespace" => NameRules.CheckDns1123Label(name),
        "Service" => CheckDns1035Label(name),
        _ => NameRules.CheckDns1123Subdomain(name),
    };

    /// <summary>A Service's name rule (upstream's ValidateServiceName), also for the Services an Ingress names.</summary>
    internal static string? CheckDns1035Label(string name) =>
        Dns1035Label().IsMatch(name) && name.Length <= 63 ? null
            : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private static void ValidateDataKeys(IEnumerable<string>? keys, string path, List<FieldError> errors)
    {
        foreach (var key in keys ?? [])
        {
            if (key.Length > 253 || !ConfigKey().IsMatch(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, key), key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
            }
        }
    }

    private static void ValidateService(Service service, List<FieldError> errors)
    {
        var spec = service.Spec;
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec"));
            return;
        }

        var headless = spec.ClusterIP == "None";
        if ((spec.Ports is null || spec.Ports.Count == 0) && !headless && spec.Type != ServiceType.ExternalName)
        {
            errors.Add(FieldError.Required("spec.ports"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            var port = spec.Ports![i];
            var path = FieldPath.Index("spec.ports", i);
            if (port.Port is < 1 or > 65535)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "port"), port.Port, "must be between 1 and 65535, inclusive"));
            }

            if (spec.Ports.Count > 1 && string.IsNullOrEmpty(port.Name))
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "name")));
            }
            else if (!string.IsNullOrEmpty(port.Name) && !names.Add(port.Name))
            {
                errors.Add(FieldError.Duplicate(FieldPath.Child(path, "name"), port.Name));
            }

            if (port.NodePort is { } nodePort && spec.Type is ServiceType.ClusterIP)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Child(path, "nodePort"), $"may not be used when `type` is 'ClusterIP' (got {nodePort})"));
            }
        }

        if (spec.Type == ServiceType.ExternalName && string.IsNullOrEmpty(spec.ExternalName))
        {
            errors.Add(FieldError.Required("spec.externalName"));
        }

        ValidateLabels(spec.Selector, "spec.selector", errors);
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
