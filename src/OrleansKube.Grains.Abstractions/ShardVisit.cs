using OrleansKube.Control.Scheduling.Framework;

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
    [property: Id(4)] int Attempts)
{
    /// <summary>This shard's verdict added to what earlier shards said (the adding is <see cref="Diagnosis.Merge"/>).</summary>
    public static ShardVisit Next(ShardVisit? previous, Diagnosis diagnosis, int attempts)
    {
        var all = previous?.ToDiagnosis() ?? new Diagnosis();
        all.Merge(diagnosis);
        return new ShardVisit((previous?.ShardsVisited ?? 0) + 1, all.NodeCount, all.ReasonCounts, all.PreFilterMessage, Math.Max(previous?.Attempts ?? 0, attempts));
    }

    public Diagnosis ToDiagnosis()
    {
        var diagnosis = new Diagnosis { NodeCount = NodeCount, PreFilterMessage = PreFilterMessage };
        foreach (var (reason, count) in ReasonCounts)
        {
            diagnosis.ReasonCounts[reason] = count;
        }

        return diagnosis;
    }
}
