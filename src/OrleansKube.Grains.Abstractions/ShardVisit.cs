using OrleansKube.Control.Scheduling.Framework;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// A pod travelling from shard to shard: how many shards it has tried this round, what their nodes said
/// (for the final aggregated message), what preemption found on them (the best node to preempt on, or why
/// there is none) and how many rounds it has failed (for its backoff).
/// </summary>
[GenerateSerializer]
[Alias("OrleansKube.ShardVisit")]
[Immutable]
public sealed record ShardVisit(
    [property: Id(0)] int ShardsVisited,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DiagnosisData Fit,
    [property: Id(3)] DiagnosisData? Preemption,
    [property: Id(4)] string? PreemptionIneligible,
    [property: Id(5)] PreemptionOffer? Offer)
{
    /// <summary>This shard's verdict added to what earlier shards said (the adding is <see cref="Diagnosis.Merge"/>).</summary>
    public static ShardVisit Next(ShardVisit? previous, Diagnosis fit, PostFilterResult? postFilter, int attempts)
    {
        var allFit = previous?.Fit.ToDiagnosis() ?? new Diagnosis();
        allFit.Merge(fit);
        DiagnosisData? preemption = previous?.Preemption;
        var offer = previous?.Offer;
        if (postFilter is not null)
        {
            var allPreemption = preemption?.ToDiagnosis() ?? new Diagnosis();
            allPreemption.Merge(postFilter.Diagnosis);
            preemption = DiagnosisData.From(allPreemption);
            if (postFilter.Candidate is { } candidate && (offer is null || candidate.Rank.IsBetterThan(offer.Rank)))
            {
                offer = PreemptionOffer.From(candidate);
            }
        }

        return new ShardVisit(
            (previous?.ShardsVisited ?? 0) + 1,
            Math.Max(previous?.Attempts ?? 0, attempts),
            DiagnosisData.From(allFit),
            preemption,
            previous?.PreemptionIneligible ?? postFilter?.Ineligible,
            offer);
    }

    /// <summary>The whole verdict: every shard's fit reasons, then (when no shard could preempt) why preemption did not help.</summary>
    public Diagnosis ToDiagnosis()
    {
        var diagnosis = Fit.ToDiagnosis();
        if (Offer is null && (Preemption is not null || PreemptionIneligible is not null))
        {
            diagnosis.PostFilterMessage = new PostFilterResult(null, Preemption?.ToDiagnosis() ?? new Diagnosis(), PreemptionIneligible).Message();
        }

        return diagnosis;
    }
}

/// <summary>A <see cref="Diagnosis"/> on the wire.</summary>
[GenerateSerializer]
[Alias("OrleansKube.DiagnosisData")]
[Immutable]
public sealed record DiagnosisData(
    [property: Id(0)] int NodeCount,
    [property: Id(1)] Dictionary<string, int> ReasonCounts,
    [property: Id(2)] string? PreFilterMessage)
{
    public static DiagnosisData From(Diagnosis diagnosis) => new(diagnosis.NodeCount, diagnosis.ReasonCounts, diagnosis.PreFilterMessage);

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

/// <summary>The best node to preempt on that a shard found, and what its victims cost.</summary>
[GenerateSerializer]
[Alias("OrleansKube.PreemptionOffer")]
[Immutable]
public sealed record PreemptionOffer(
    [property: Id(0)] string NodeName,
    [property: Id(1)] int HighestVictimPriority,
    [property: Id(2)] long PrioritySum,
    [property: Id(3)] int VictimCount,
    [property: Id(4)] DateTimeOffset EarliestStartOfHighest,
    [property: Id(5)] int PdbViolations = 0)
{
    public PreemptionRank Rank => new(HighestVictimPriority, PrioritySum, VictimCount, EarliestStartOfHighest, PdbViolations);

    public static PreemptionOffer From(PreemptionCandidate candidate) => new(
        candidate.NodeName, candidate.Rank.HighestVictimPriority, candidate.Rank.PrioritySum, candidate.Rank.VictimCount, candidate.Rank.EarliestStartOfHighest, candidate.Rank.PdbViolations);
}
