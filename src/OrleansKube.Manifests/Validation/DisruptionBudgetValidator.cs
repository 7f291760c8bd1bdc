using System.Text.RegularExpressions;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Upstream's ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable not both, each a non-negative integer or a
/// percentage of at most 100%, and a well-formed selector. Neither of the two is allowed (the budget then allows no
/// disruption once its pods exist).
/// </summary>
public static partial class DisruptionBudgetValidator
{
    public const string BothSet = "minAvailable and maxUnavailable cannot be both set";

    public const string PercentFormat = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    public static void Validate(PodDisruptionBudget pdb, List<FieldError> errors)
    {
        if (pdb.Spec is not { } spec)
        {
            return;
        }

        if (spec.MinAvailable is not null && spec.MaxUnavailable is not null)
        {
            // Upstream prints the Go struct here; its JSON is the closest readable form.
            errors.Add(new FieldError("spec", $"Invalid value: {System.Text.Json.JsonSerializer.Serialize(spec, KubeJson.Options)}: {BothSet}"));
        }

        ValidateIntOrPercent(spec.MinAvailable, "spec.minAvailable", errors);
        ValidateIntOrPercent(spec.MaxUnavailable, "spec.maxUnavailable", errors);
        WorkloadValidator.ValidateSelector(spec.Selector, "spec.selector", errors);
    }

    private static void ValidateIntOrPercent(IntOrString? value, string path, List<FieldError> errors)
    {
        switch (value)
        {
            case null:
                return;
            case { IntValue: < 0 and var number }:
                errors.Add(FieldError.Invalid(path, number, "must be greater than or equal to 0"));
                return;
            case { StringValue: { } text } when !Percent().IsMatch(text):
                errors.Add(FieldError.Invalid(path, text, PercentFormat));
                return;
            case { StringValue: { } text } when int.TryParse(text[..^1], out var percent) && percent > 100:
                errors.Add(FieldError.Invalid(path, text, "must not be greater than 100%"));
                return;
        }
    }

    [GeneratedRegex("^[0-9]+%$")]
    private static partial Regex Percent();
}
