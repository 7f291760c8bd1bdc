using OrleansKube.Control.Store;

namespace OrleansKube.Grains.Abstractions;

/// <summary>An API request the cluster refused; <see cref="Reason"/> is upstream's status reason.</summary>
[GenerateSerializer]
[Alias("OrleansKube.ApiException")]
public sealed class ApiException : Exception
{
    public ApiException(ApiError error)
        : base(error.Message) => (Reason, Causes, CauseType) = (error.Reason, [.. error.Causes], error.CauseType);

    public ApiException(ApiErrorReason reason, string message)
        : base(message) => Reason = reason;

    [Id(0)]
    public ApiErrorReason Reason { get; private set; }

    /// <summary>An Invalid refusal's field errors, each as upstream prints it (<see cref="ApiError.Causes"/>).</summary>
    [Id(1)]
    public string[] Causes { get; private set; } = [];

    /// <summary>The causes' type when they are not field errors (<see cref="ApiError.CauseType"/>).</summary>
    [Id(2)]
    public string? CauseType { get; private set; }
}
