namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>The chosen node, or the diagnosis of why there is none.</summary>
public sealed record ScheduleResult(string? NodeName, int EvaluatedNodes, int FeasibleNodes, Diagnosis Diagnosis)
{
    public bool Succeeded => NodeName is not null;

    /// <summary>Every feasible node found, best first, when asked for.</summary>
    public IReadOnlyList<string>? RankedNodes { get; init; }
}
