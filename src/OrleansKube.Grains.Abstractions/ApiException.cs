using OrleansKube.Control.Store;

namespace OrleansKube.Grains.Abstractions;

/// <summary>An API request the cluster refused; <see cref="Reason"/> is upstream's status reason.</summary>
[GenerateSerializer]
[Alias("OrleansKube.ApiException")]
public sealed class ApiException : Exception
{
    public ApiException(ApiError error)
        : base(error.Message) => (Reason, Causes) = (error.Reason, [.. error.Causes]);

    public ApiException(ApiErrorReason reason, string message)
        : base(message) => Reason = reason;

    [Id(0)]
    public ApiErrorReason Reason { get; private set; }

    /// <summary>An Invalid refusal's field errors, each as upstream prints it (<see cref="ApiError.Causes"/>).</summary>
    [Id(1)]
    public string[] Causes { get; private set; } = [];
}
