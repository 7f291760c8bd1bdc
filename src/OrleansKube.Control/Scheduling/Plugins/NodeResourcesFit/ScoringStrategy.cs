namespace OrleansKube.Control.Scheduling.Plugins.NodeResourcesFit;

/// <summary>NodeResourcesFit's <c>scoringStrategy</c>: the type, the weighted resources, and the utilisation shape for RequestedToCapacityRatio.</summary>
public sealed record ScoringStrategy
{
    public ScoringStrategyType Type { get; init; } = ScoringStrategyType.LeastAllocated;

    public IReadOnlyList<(string Name, long Weight)> Resources { get; init; } = [("cpu", 1), ("memory", 1)];

    /// <summary>(utilisation 0–100, score 0–10) points, ascending by utilisation.</summary>
    public IReadOnlyList<(long Utilization, long Score)> Shape { get; init; } = [(0, 0), (100, 10)];
}
