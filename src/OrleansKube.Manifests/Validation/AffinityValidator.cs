using System.Globalization;
using OrleansKube.Model.Selection;

namespace OrleansKube.Manifests.Validation;

/// <summary>Node affinity, pod affinity and anti-affinity rules as upstream validates them.</summary>
public static class AffinityValidator
{
    public static void Validate(Affinity? affinity, string path, List<FieldError> errors)
    {
        if (affinity is null)
        {
            return;
        }

        if (affinity.NodeAffinity is { } nodeAffinity)
        {
            var nodePath = FieldPath.Child(path, "nodeAffinity");
            if (nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
            {
                var requiredPath = FieldPath.Child(FieldPath.Child(nodePath, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
                if (required.NodeSelectorTerms.Count == 0)
                {
                    errors.Add(FieldError.Required(requiredPath, "must have at least one node selector term"));
                }

                for (var i = 0; i < required.NodeSelectorTerms.Count; i++)
                {
                    ValidateTerm(required.NodeSelectorTerms[i], FieldPath.Index(requiredPath, i), errors);
                }
            }

            var preferred = nodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution ?? [];
            for (var i = 0; i < preferred.Count; i++)
            {
                var termPath = FieldPath.Index(FieldPath.Child(nodePath, "preferredDuringSchedulingIgnoredDuringExecution"), i);
                ValidateWeight(preferred[i].Weight, FieldPath.Child(termPath, "weight"), errors);
                ValidateTerm(preferred[i].Preference, FieldPath.Child(termPath, "preference"), errors);
            }
        }

        ValidatePodTerms(affinity.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, affinity.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, FieldPath.Child(path, "podAffinity"), errors);
        ValidatePodTerms(affinity.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, affinity.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, FieldPath.Child(path, "podAntiAffinity"), errors);
    }

    public static void ValidateTerm(NodeSelectorTerm term, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (term.MatchExpressions?.Count ?? 0); i++)
        {
            ValidateRequirement(term.MatchExpressions![i], FieldPath.Index(FieldPath.Child(path, "matchExpressions"), i), errors);
        }

        for (var i = 0; i < (term.MatchFields?.Count ?? 0); i++)
        {
            var field = term.MatchFields![i];
            var fieldPath = FieldPath.Index(FieldPath.Child(path, "matchFields"), i);
            if (field.Key != "metadata.name")
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(fieldPath, "key"), field.Key, "not a valid field selector key"));
            }
            else if (field.Operator is not (NodeSelectorOperator.In or NodeSelectorOperator.NotIn) || field.Values?.Count != 1)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(fieldPath, "values"), "", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            }
        }
    }

    private static void ValidateRequirement(NodeSelectorRequirement requirement, string path, List<FieldError> errors)
    {
        var values = requirement.Values ?? [];
        var valuesPath = FieldPath.Child(path, "values");
        switch (requirement.Operator)
        {
            case NodeSelectorOperator.In or NodeSelectorOperator.NotIn when values.Count == 0:
                errors.Add(FieldError.Required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
                break;
            case NodeSelectorOperator.Exists or NodeSelectorOperator.DoesNotExist when values.Count > 0:
                errors.Add(FieldError.Forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                break;
            case NodeSelectorOperator.Gt or NodeSelectorOperator.Lt when values.Count != 1:
                errors.Add(FieldError.Required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                break;
            case NodeSelectorOperator.Gt or NodeSelectorOperator.Lt when !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                errors.Add(FieldError.Invalid(FieldPath.Index(valuesPath, 0), values[0], "must be an integer"));
                break;
        }

        if (NameRules.CheckQualifiedName(requirement.Key) is { } problem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "key"), requirement.Key, problem));
        }
    }

    private static void ValidatePodTerms(List<PodAffinityTerm>? required, List<WeightedPodAffinityTerm>? preferred, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (required?.Count ?? 0); i++)
        {
            ValidatePodTerm(required![i], FieldPath.Index(FieldPath.Child(path, "requiredDuringSchedulingIgnoredDuringExecution"), i), errors);
        }

        for (var i = 0; i < (preferred?.Count ?? 0); i++)
        {
            var termPath = FieldPath.Index(FieldPath.Child(path, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            ValidateWeight(preferred![i].Weight, FieldPath.Child(termPath, "weight"), errors);
            ValidatePodTerm(preferred[i].PodAffinityTerm, FieldPath.Child(termPath, "podAffinityTerm"), errors);
        }
    }

    private static void ValidatePodTerm(PodAffinityTerm term, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(term.TopologyKey))
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "topologyKey"), "can not be empty"));
        }
        else if (NameRules.CheckQualifiedName(term.TopologyKey) is { } problem)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "topologyKey"), term.TopologyKey, problem));
        }

        WorkloadValidator.ValidateSelector(term.LabelSelector, FieldPath.Child(path, "labelSelector"), errors);
    }

    private static void ValidateWeight(int weight, string path, List<FieldError> errors)
    {
        if (weight is < 1 or > 100)
        {
            errors.Add(FieldError.Invalid(path, weight, "must be in the range 1-100"));
        }
    }
}
