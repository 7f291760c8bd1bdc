namespace OrleansKube.Manifests.Patching;

/// <summary>Why a patch was refused, as the upstream <c>Status</c> reason the API answers with.</summary>
public enum PatchFailure
{
    /// <summary>400: the body is not a patch of its type (bad JSON, a malformed operation or directive).</summary>
    BadRequest,

    /// <summary>422: a well-formed patch that does not apply (a missing path, a failed <c>test</c>).</summary>
    Invalid,

    /// <summary>413: more operations than upstream allows in one JSON patch.</summary>
    RequestEntityTooLarge,
}
