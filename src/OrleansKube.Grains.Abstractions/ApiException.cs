using OrleansKube.Control.Store;

namespace OrleansKube.Grains.Abstractions;

/// <summary>An API request the cluster refused; <see cref="Reason"/> is upstream's status reason.</summary>
[GenerateSerializer]
[Alias("OrleansKube.ApiException")]
public sealed class ApiException : Exception
{
    public ApiException(ApiError error)
        : base(error.Message) => Reason = error.Reason;

    public ApiException(ApiErrorReason reason, string message)
        : base(message) => Reason = reason;

    [Id(0)]
    public ApiErrorReason Reason { get; private set; }
}
