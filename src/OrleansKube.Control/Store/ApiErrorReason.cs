namespace OrleansKube.Control.Store;

/// <summary>The upstream <c>metav1.StatusReason</c>s the simulated API answers with.</summary>
public enum ApiErrorReason
{
    BadRequest,
    NotFound,
    AlreadyExists,
    Conflict,
    Invalid,
    Forbidden,
}
