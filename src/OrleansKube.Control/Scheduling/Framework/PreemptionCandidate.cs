namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// A node and the fewest lower-priority pods whose removal lets the preemptor fit there; <paramref name="PdbViolations"/>
/// counts the victims whose eviction a PodDisruptionBudget would not allow.
/// </summary>
public sealed record PreemptionCandidate(string NodeName, IReadOnlyList<PodInfo> Victims, int PdbViolations = 0)
{
    public PreemptionRank Rank { get; } = PreemptionRank.Of(Victims, PdbViolations);

    /// <summary>The pod's start time, or its creation when it has not started.</summary>
    public static DateTimeOffset StartTime(PodInfo pod) =>
        pod.Pod.Status?.StartTime ?? pod.Pod.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue;
}

/// <summary>
/// How much a preemption costs, compared in upstream's pickOneNodeForPreemption order: the fewest victims whose
/// PodDisruptionBudget would be violated, then the lowest highest victim priority, then the smallest priority sum
/// (each offset by 2^31 so negative priorities still add up), then the fewest victims, then the latest start of the
/// most important victims.
/// </summary>
public readonly record struct PreemptionRank(int HighestVictimPriority, long PrioritySum, int VictimCount, DateTimeOffset EarliestStartOfHighest, int PdbViolations = 0)
{
    public static PreemptionRank Of(IReadOnlyList<PodInfo> victims, int pdbViolations = 0)
    {
        var highest = victims.Max(v => v.Priority);
        return new PreemptionRank(
            highest,
            victims.Sum(v => (long)v.Priority + int.MaxValue + 1L),
            victims.Count,
            victims.Where(v => v.Priority == highest).Min(PreemptionCandidate.StartTime),
            pdbViolations);
    }

    public bool IsBetterThan(PreemptionRank other) =>
        PdbViolations != other.PdbViolations ? PdbViolations < other.PdbViolations
        : HighestVictimPriority != other.HighestVictimPriority ? HighestVictimPriority < other.HighestVictimPriority
        : PrioritySum != other.PrioritySum ? PrioritySum < other.PrioritySum
        : VictimCount != other.VictimCount ? VictimCount < other.VictimCount
        : EarliestStartOfHighest > other.EarliestStartOfHighest;
}
