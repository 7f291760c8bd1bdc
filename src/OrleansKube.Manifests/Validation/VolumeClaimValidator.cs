namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's ValidatePersistentVolumeClaimSpec: access modes and a positive storage request.</summary>
public static class VolumeClaimValidator
{
    public static void Validate(PersistentVolumeClaimSpec? spec, string path, List<FieldError> errors)
    {
        if (spec?.AccessModes is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "accessModes"), "at least 1 access mode is required"));
        }

        if (spec?.Resources?.Requests?.GetValueOrDefault("storage") is not { } storage)
        {
            errors.Add(FieldError.Required(Storage(path)));
        }
        else if (storage.Amount <= 0)
        {
            errors.Add(FieldError.Invalid(Storage(path), storage.ToString(), "must be greater than zero"));
        }
    }

    // Upstream names the request as a map entry of resources: spec.resources[storage].
    private static string Storage(string path) => FieldPath.Child(path, "resources") + "[storage]";
}
