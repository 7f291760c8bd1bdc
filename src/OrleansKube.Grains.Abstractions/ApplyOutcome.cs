using OrleansKube.Control.Store;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// What happened to one object of an apply, as kubectl prints it: <c>pod/web created</c>. An object the server refused
/// when writing it has <see cref="Failed"/> as its verb, with the refusal's <see cref="Reason"/> and <see cref="Error"/>.
/// </summary>
[GenerateSerializer]
[Alias("OrleansKube.ApplyOutcome")]
[Immutable]
public sealed record ApplyOutcome([property: Id(0)] string Resource, [property: Id(1)] string Name, [property: Id(2)] string Verb)
{
    public const string Failed = "failed";

    [Id(3)]
    public ApiErrorReason? Reason { get; init; }

    [Id(4)]
    public string? Error { get; init; }

    public override string ToString() => $"{Resource}/{Name} {Verb}";
}
