namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's validation of an autoscaling/v2 HorizontalPodAutoscaler's spec (pkg/apis/autoscaling/validation), messages and paths as upstream.</summary>
public static class AutoscalerValidator
{
    private const int MaxStabilizationWindowSeconds = 3600;
    private const int MaxPeriodSeconds = 1800;

    private static readonly string[] MetricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    public static void Validate(HorizontalPodAutoscaler hpa, List<FieldError> errors)
    {
        if (hpa.Spec is not { } spec)
        {
            errors.Add(FieldError.Required("spec"));
            return;
        }

        // HPAScaleToZero is an alpha gate upstream, off by default: the lower bound is 1.
        if (spec.MinReplicas is < 1)
        {
            errors.Add(FieldError.Invalid("spec.minReplicas", spec.MinReplicas, "must be greater than or equal to 1"));
        }

        if (spec.MaxReplicas < 1)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", spec.MaxReplicas, "must be greater than 0"));
        }

        if (spec.MinReplicas is { } min && spec.MaxReplicas < min)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", spec.MaxReplicas, "must be greater than or equal to `minReplicas`"));
        }

        ValidateReference(spec.ScaleTargetRef, "spec.scaleTargetRef", errors);
        for (var i = 0; i < (spec.Metrics?.Count ?? 0); i++)
        {
            ValidateMetric(spec.Metrics![i], $"spec.metrics[{i}]", errors);
        }

        if (spec.Behavior is { } behavior)
        {
            ValidateRules(behavior.ScaleUp, "spec.behavior.scaleUp", errors);
            ValidateRules(behavior.ScaleDown, "spec.behavior.scaleDown", errors);
        }
    }

    private static void ValidateReference(CrossVersionObjectReference? reference, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(reference?.Kind))
        {
            errors.Add(FieldError.Required(path + ".kind"));
        }
        else if (PathSegmentProblem(reference.Kind) is { } kindProblem)
        {
            errors.Add(FieldError.Invalid(path + ".kind", reference.Kind, kindProblem));
        }

        if (string.IsNullOrEmpty(reference?.Name))
        {
            errors.Add(FieldError.Required(path + ".name"));
        }
        else if (PathSegmentProblem(reference.Name) is { } nameProblem)
        {
            errors.Add(FieldError.Invalid(path + ".name", reference.Name, nameProblem));
        }
    }

    // Upstream's IsValidPathSegmentName.
    private static string? PathSegmentProblem(string name) =>
        name is "." or ".." ? $"may not be '{name}'"
        : name.Contains('/') ? "may not contain '/'"
        : name.Contains('%') ? "may not contain '%'"
        : null;

    private static void ValidateMetric(MetricSpec spec, string path, List<FieldError> errors)
    {
        var present = new List<(string Field, Action Validate)>();
        if (spec.Object is { } obj)
        {
            present.Add(("object", () => ValidateObject(obj, path + ".object", errors)));
        }

        if (spec.Pods is { } pods)
        {
            present.Add(("pods", () => ValidatePods(pods, path + ".pods", errors)));
        }

        if (spec.Resource is { } resource)
        {
            present.Add(("resource", () => ValidateResource(resource.Name, resource.Target, path + ".resource", errors)));
        }

        if (spec.ContainerResource is { } container)
        {
            present.Add(("containerResource", () =>
            {
                ValidateResource(container.Name, container.Target, path + ".containerResource", errors);
                if (string.IsNullOrEmpty(container.Container))
                {
                    errors.Add(FieldError.Required(path + ".containerResource.container", "must specify a container"));
                }
            }));
        }

        if (spec.External is { } external)
        {
            present.Add(("external", () => ValidateExternal(external, path + ".external", errors)));
        }

        // As upstream: only the first source given is checked; the others are refused below.
        if (present.Count > 0)
        {
            present[0].Validate();
        }

        var (expected, given) = spec.Type switch
        {
            MetricSourceType.Object => ("object", spec.Object is not null),
            MetricSourceType.Pods => ("pods", spec.Pods is not null),
            MetricSourceType.Resource => ("resource", spec.Resource is not null),
            MetricSourceType.ContainerResource => ("containerResource", spec.ContainerResource is not null),
            MetricSourceType.External => ("external", spec.External is not null),
            _ => ("", false),
        };
        if (expected.Length == 0)
        {
            errors.Add(FieldError.NotSupported(path + ".type", spec.Type.ToString(), MetricSourceTypes));
        }
        else if (!given)
        {
            errors.Add(FieldError.Required($"{path}.{expected}", "must populate information for the given metric source"));
        }

        if (present.Count != 1)
        {
            foreach (var (field, _) in present.Where(p => p.Field != expected))
            {
                errors.Add(FieldError.Forbidden($"{path}.{field}", "must populate the given metric source only"));
            }
        }
    }

    private static void ValidateResource(string name, MetricTarget? target, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(path + ".name", "must specify a resource name"));
        }

        ValidateTarget(target, path + ".target", errors);
        if (target?.AverageUtilization is null && target?.AverageValue is null)
        {
            errors.Add(FieldError.Required(path + ".target.averageUtilization", "must set either a target raw value or a target utilization"));
        }

        if (target?.AverageUtilization is not null && target.AverageValue is not null)
        {
            errors.Add(FieldError.Forbidden(path + ".target.averageValue", "may not set both a target raw value and a target utilization"));
        }
    }

    private static void ValidatePods(PodsMetricSource source, string path, List<FieldError> errors)
    {
        ValidateIdentifier(source.Metric, path + ".metric", errors);
        ValidateTarget(source.Target, path + ".target", errors);
        if (source.Target?.AverageValue is null)
        {
            errors.Add(FieldError.Required(path + ".target.averageValue", "must specify a positive target averageValue"));
        }
    }

    private static void ValidateObject(ObjectMetricSource source, string path, List<FieldError> errors)
    {
        ValidateReference(source.DescribedObject, path + ".describedObject", errors);
        ValidateIdentifier(source.Metric, path + ".metric", errors);
        ValidateTarget(source.Target, path + ".target", errors);
        if (source.Target?.Value is null && source.Target?.AverageValue is null)
        {
            errors.Add(FieldError.Required(path + ".target.averageValue", "must set either a target value or averageValue"));
        }
    }

    private static void ValidateExternal(ExternalMetricSource source, string path, List<FieldError> errors)
    {
        ValidateIdentifier(source.Metric, path + ".metric", errors);
        ValidateTarget(source.Target, path + ".target", errors);
        if (source.Target?.Value is null && source.Target?.AverageValue is null)
        {
            errors.Add(FieldError.Required(path + ".target.averageValue", "must set either a target value for metric or a per-pod target"));
        }

        if (source.Target?.Value is not null && source.Target.AverageValue is not null)
        {
            errors.Add(FieldError.Forbidden(path + ".target.value", "may not set both a target value for metric and a per-pod target"));
        }
    }

    private static void ValidateIdentifier(MetricIdentifier? metric, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metric?.Name))
        {
            errors.Add(FieldError.Required(path + ".name", "must specify a metric name"));
        }
    }

    private static void ValidateTarget(MetricTarget? target, string path, List<FieldError> errors)
    {
        if (target is null)
        {
            errors.Add(FieldError.Required(path + ".type", "must specify a metric target type"));
            return;
        }

        if (target.Value is { } value && value.Amount <= 0)
        {
            errors.Add(FieldError.Invalid(path + ".value", value.ToString(), "must be positive"));
        }

        if (target.AverageValue is { } average && average.Amount <= 0)
        {
            errors.Add(FieldError.Invalid(path + ".averageValue", average.ToString(), "must be positive"));
        }

        if (target.AverageUtilization is < 1)
        {
            errors.Add(FieldError.Invalid(path + ".averageUtilization", target.AverageUtilization, "must be greater than 0"));
        }
    }

    private static void ValidateRules(HpaScalingRules? rules, string path, List<FieldError> errors)
    {
        if (rules is null)
        {
            return;
        }

        if (rules.StabilizationWindowSeconds is < 0)
        {
            errors.Add(FieldError.Invalid(path + ".stabilizationWindowSeconds", rules.StabilizationWindowSeconds, "must be greater than or equal to zero"));
        }

        if (rules.StabilizationWindowSeconds > MaxStabilizationWindowSeconds)
        {
            errors.Add(FieldError.Invalid(path + ".stabilizationWindowSeconds", rules.StabilizationWindowSeconds, $"must be less than or equal to {MaxStabilizationWindowSeconds}"));
        }

        if (rules.Policies is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path + ".policies", "must specify at least one Policy"));
            return;
        }

        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            var policyPath = $"{path}.policies[{i}]";
            if (policy.Value <= 0)
            {
                errors.Add(FieldError.Invalid(policyPath + ".value", policy.Value, "must be greater than zero"));
            }

            if (policy.PeriodSeconds <= 0)
            {
                errors.Add(FieldError.Invalid(policyPath + ".periodSeconds", policy.PeriodSeconds, "must be greater than zero"));
            }

            if (policy.PeriodSeconds > MaxPeriodSeconds)
            {
                errors.Add(FieldError.Invalid(policyPath + ".periodSeconds", policy.PeriodSeconds, $"must be less than or equal to {MaxPeriodSeconds}"));
            }
        }
    }
}
