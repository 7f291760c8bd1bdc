using OrleansKube.Grains.Hosting;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// The embedded silo's simulation clock, for the steps that move it (<c>advance</c>), and its work in flight
/// (<see cref="Quiescence"/>): after each step of the clock the run waits until what that step set off has run.
/// </summary>
public sealed record EmbeddedClock(AdvancingTimeProvider Time, SimulationClock Clock, Quiescence Quiescence);
