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

    /// <summary>500: the server failed (the store did not answer).</summary>
    InternalError,

    /// <summary>503: the server cannot serve now (its store was lost).</summary>
    ServiceUnavailable,

    /// <summary>410: the resourceVersion asked for is older than the retained history.</summary>
    Expired,

    /// <summary>504: the resourceVersion asked for was not reached in time (cause ResourceVersionTooLarge).</summary>
    Timeout,

    /// <summary>429: try again later (an eviction a disruption budget refuses).</summary>
    TooManyRequests,
}
