namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// A pod travelling from shard to shard: how many shards it has tried this round, what their nodes said
/// (for the final aggregated message) and how many rounds it has failed (for its backoff).
/// </summary>
[GenerateSerializer]
[Alias("OrleansKube.ShardVisit")]
[Immutable]
public sealed record ShardVisit(
    [property: Id(0)] int ShardsVisited,
    [property: Id(1)] int NodeCount,
    [property: Id(2)] Dictionary<string, int> ReasonCounts,
    [property: Id(3)] string? PreFilterMessage,
    [property: Id(4)] int Attempts);
