namespace OrleansKube.Control.Scheduling;

/// <summary>The chosen node, or why none could be chosen.</summary>
public sealed record PlacementResult(string? NodeName, string? UnschedulableMessage);
