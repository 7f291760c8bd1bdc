namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's rbac/v1 validation of roles and bindings: rules that say something, a role reference and subjects of known kinds.</summary>
internal static class RbacValidator
{
    private const string Group = "rbac.authorization.k8s.io";

    public static void Validate(KubeObject obj, List<FieldError> errors)
    {
        switch (obj)
        {
            case Role role:
                Rules(role.Rules, errors);
                break;
            case ClusterRole clusterRole:
                Rules(clusterRole.Rules, errors);
                break;
            case RoleBinding binding:
                Binding(binding.RoleRef, binding.Subjects, ["Role", "ClusterRole"], namespaced: true, errors);
                break;
            case ClusterRoleBinding binding:
                Binding(binding.RoleRef, binding.Subjects, ["ClusterRole"], namespaced: false, errors);
                break;
        }
    }

    private static void Rules(List<PolicyRule>? rules, List<FieldError> errors)
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            var path = FieldPath.Index("rules", i);
            if (rule.Verbs is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "verbs"), "verbs must contain at least one value"));
            }

            var urls = rule.NonResourceURLs is { Count: > 0 };
            if (!urls && rule.ApiGroups is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "apiGroups"), "resource rules must supply at least one api group"));
            }
        }
    }

    private static void Binding(RoleRef role, List<Subject>? subjects, string[] kinds, bool namespaced, List<FieldError> errors)
    {
        if (role.ApiGroup != Group)
        {
            errors.Add(FieldError.NotSupported("roleRef.apiGroup", role.ApiGroup, [Group]));
        }

        if (!kinds.Contains(role.Kind))
        {
            errors.Add(FieldError.NotSupported("roleRef.kind", role.Kind, kinds));
        }

        if (string.IsNullOrEmpty(role.Name))
        {
            errors.Add(FieldError.Required("roleRef.name"));
        }

        for (var i = 0; i < (subjects?.Count ?? 0); i++)
        {
            var subject = subjects![i];
            var path = FieldPath.Index("subjects", i);
            if (string.IsNullOrEmpty(subject.Name))
            {
                errors.Add(FieldError.Required(FieldPath.Child(path, "name")));
            }

            switch (subject.Kind)
            {
                case "ServiceAccount":
                    if (!string.IsNullOrEmpty(subject.ApiGroup))
                    {
                        errors.Add(FieldError.NotSupported(FieldPath.Child(path, "apiGroup"), subject.ApiGroup, [""]));
                    }

                    if (!namespaced && string.IsNullOrEmpty(subject.Namespace))
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(path, "namespace")));
                    }

                    break;
                case "User" or "Group":
                    if (subject.ApiGroup != Group)
                    {
                        errors.Add(FieldError.NotSupported(FieldPath.Child(path, "apiGroup"), subject.ApiGroup, [Group]));
                    }

                    break;
                default:
                    errors.Add(FieldError.NotSupported(FieldPath.Child(path, "kind"), subject.Kind, ["ServiceAccount", "User", "Group"]));
                    break;
            }
        }
    }
}
