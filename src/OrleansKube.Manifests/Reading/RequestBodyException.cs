namespace OrleansKube.Manifests.Reading;

/// <summary>A request body the API refuses; <see cref="Exception.Message"/> is upstream's wording, one line.</summary>
public sealed class RequestBodyException(RequestBodyError reason, string message) : Exception(message)
{
    public RequestBodyError Reason { get; } = reason;

    /// <summary>The HTTP status code of <see cref="Reason"/>.</summary>
    public int Code => (int)Reason;
}
