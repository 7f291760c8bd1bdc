using System.Text.Json;

namespace OrleansKube.Manifests.Validation;

/// <summary>Upstream's ControllerRevision validation: <c>data</c> is required and, once stored, immutable; <c>revision</c> is not negative (and may change: a rollback renumbers one).</summary>
public static class ControllerRevisionValidator
{
    public static void Validate(ControllerRevision revision, List<FieldError> errors)
    {
        if (revision.Data is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            errors.Add(FieldError.Required("data", "data is mandatory"));
        }

        if (revision.Revision < 0)
        {
            errors.Add(FieldError.Invalid("revision", revision.Revision, "must be greater than or equal to 0"));
        }
    }

    /// <summary>The update's <c>data</c> must be the stored one (upstream's ValidateControllerRevisionUpdate).</summary>
    public static FieldError? CheckUpdate(ControllerRevision current, ControllerRevision updated) =>
        SameData(current.Data, updated.Data) ? null : FieldError.Invalid("data", updated.Data is { } data ? data.GetRawText() : "null", "field is immutable");

    private static bool SameData(JsonElement? a, JsonElement? b) =>
        a is { } left && b is { } right ? JsonElement.DeepEquals(left, right) : a is null && b is null;
}
