using Microsoft.Extensions.Time.Testing;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>--time-scale: simulated time runs N times faster than the wall clock (here a fake one), timers too.</summary>
public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_RunsScaleTimesFaster_FromCreation()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(60, wall);

        wall.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Start + TimeSpan.FromMinutes(5), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(5), clock.GetElapsedTime(clock.GetTimestamp() - (long)(5 * 60 * clock.TimestampFrequency)));
    }

    [Fact]
    public void Timers_FireAfterTheirSimulatedDueTime_InWallTimeDividedByTheScale()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(60, wall);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(40), Timeout.InfiniteTimeSpan);

        wall.Advance(TimeSpan.FromMilliseconds(666));
        Assert.Empty(fired);
        wall.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([Start + TimeSpan.FromSeconds(40.02)], fired);

        timer.Change(TimeSpan.FromSeconds(300), Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, fired.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Scale_MustBePositive(double scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(scale, new FakeTimeProvider()));
}
