namespace OrleansKube.Manifests.Patching;

/// <summary>
/// A patch that could not be applied. <see cref="Exception.Message"/> is what upstream answers;
/// <see cref="Cause"/>, when set, is the precise reason (upstream puts a failed JSON patch's reason in no field
/// of its 422: the API may add it as a <c>details.causes</c> entry).
/// </summary>
public sealed class PatchException(PatchFailure reason, string message, string? cause = null) : Exception(message)
{
    /// <summary>The message upstream answers a JSON patch that does not apply with (its reason is lost there).</summary>
    public const string JsonPatchNotAppliedMessage = "the server rejected our request due to an error in our request";

    public PatchFailure Reason { get; } = reason;

    public string? Cause { get; } = cause;

    /// <summary>The HTTP status of <see cref="Reason"/>.</summary>
    public int Code => Reason switch
    {
        PatchFailure.Invalid => 422,
        PatchFailure.RequestEntityTooLarge => 413,
        _ => 400,
    };

    /// <summary>The upstream <c>Status.reason</c> of <see cref="Reason"/>.</summary>
    public string StatusReason => Reason.ToString();

    internal static PatchException BadRequest(string message) => new(PatchFailure.BadRequest, message);

    /// <summary>A JSON patch operation that does not apply: upstream's generic 422 with the reason as cause.</summary>
    internal static PatchException NotApplied(string cause) => new(PatchFailure.Invalid, JsonPatchNotAppliedMessage, cause);
}
