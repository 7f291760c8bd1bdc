namespace OrleansKube.Control.Store;

/// <summary>A refused API request, worded as the API server words it.</summary>
public sealed record ApiError(ApiErrorReason Reason, string Message)
{
    public static ApiError NotFound(KindInfo kind, string name) => new(ApiErrorReason.NotFound, $"{kind.QualifiedPlural} \"{name}\" not found");

    public static ApiError AlreadyExists(KindInfo kind, string name) => new(ApiErrorReason.AlreadyExists, $"{kind.QualifiedPlural} \"{name}\" already exists");

    public static ApiError Conflict(KindInfo kind, string name) => new(ApiErrorReason.Conflict,
        $"Operation cannot be fulfilled on {kind.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    public static ApiError Invalid(KindInfo kind, string name, IEnumerable<string> causes)
    {
        var list = causes.ToList();
        return new(ApiErrorReason.Invalid, $"{kind.Kind} \"{name}\" is invalid: {string.Join("; ", list)}") { Causes = list };
    }

    /// <summary>The field errors of an Invalid refusal as upstream prints each (<c>spec.replicas: Invalid value: -1: …</c>), for <c>details.causes</c>.</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>The causes' upstream type when they are not field errors (<c>DisruptionBudget</c>); null for field errors.</summary>
    public string? CauseType { get; init; }

    public override string ToString() => Message;
}
