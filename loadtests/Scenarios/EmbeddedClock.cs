using OrleansKube.Grains.Hosting;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>The embedded silo's simulation clock, for the steps that move it (<c>advance</c>).</summary>
public sealed record EmbeddedClock(AdvancingTimeProvider Time, SimulationClock Clock);
