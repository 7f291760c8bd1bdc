using OrleansKube.Control.Store;

namespace OrleansKube.Grains.Abstractions;

/// <summary>One object's outcome in a batch create: the object as stored, or why it was refused.</summary>
[GenerateSerializer]
[Alias("OrleansKube.CreateResult")]
public sealed record CreateResult([property: Id(0)] Model.Meta.KubeObject? Created, [property: Id(1)] ApiErrorReason? Reason = null, [property: Id(2)] string? Error = null);
