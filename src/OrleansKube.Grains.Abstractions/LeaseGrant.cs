namespace OrleansKube.Grains.Abstractions;

/// <summary>The outcome of a campaign: whether the candidate holds the lease, who does, the term and the last renewal.</summary>
[GenerateSerializer]
[Alias("OrleansKube.LeaseGrant")]
[Immutable]
public sealed record LeaseGrant(
    [property: Id(0)] bool Held,
    [property: Id(1)] string? Holder,
    [property: Id(2)] int Term,
    [property: Id(3)] DateTimeOffset? RenewTime);
