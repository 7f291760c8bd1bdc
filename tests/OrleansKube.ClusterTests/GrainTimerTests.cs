using Microsoft.Extensions.Time.Testing;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>Grain timers on the simulation clock: set, moved, and set "no later than" (no cluster: the clock alone, on a fake time).</summary>
public sealed class GrainTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WakeBy_KeepsAnEarlierWakeUp_AndBringsALaterOneForward()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new SimulationClock(time);
        var woken = new List<DateTimeOffset>();
        var timer = new GrainTimer(clock, () =>
        {
            woken.Add(time.GetUtcNow());
            return Task.CompletedTask;
        });

        timer.WakeAt(Start.AddSeconds(10));
        timer.WakeBy(Start.AddSeconds(20)); // later: the 10 s wake-up stays
        timer.WakeBy(null);                 // nothing due: it stays too
        Assert.Equal(Start.AddSeconds(10), clock.NextWake);

        timer.WakeBy(Start.AddSeconds(5));  // earlier: it moves
        Assert.Equal(Start.AddSeconds(5), clock.NextWake);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([Start.AddSeconds(5)], woken);

        // Fired: the next "no later than" arms it again, and the 10 s entry (moved since) never wakes it.
        timer.WakeBy(Start.AddSeconds(30));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(woken);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(30)], woken);
    }

    [Fact]
    public void WakeAt_MovesAWakeUpLater()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new SimulationClock(time);
        var woken = 0;
        var timer = new GrainTimer(clock, () =>
        {
            woken++;
            return Task.CompletedTask;
        });

        timer.WakeAt(Start.AddSeconds(10));
        timer.WakeAt(Start.AddSeconds(20));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, woken);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, woken);
    }
}
