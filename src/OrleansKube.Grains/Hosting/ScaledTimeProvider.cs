namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The simulation clock at <c>--time-scale N</c>: simulated time runs N times faster than wall time, from the
/// moment it is created. Timers are shortened by N, so every delay in the simulation (heartbeats, start
/// times, probes, back-offs, grace periods, controller timeouts) shrinks together.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _wall;
    private readonly DateTimeOffset _origin;
    private readonly long _start;

    public ScaledTimeProvider(double scale, TimeProvider? wall = null)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a positive number");
        }

        Scale = scale;
        _wall = wall ?? System;
        _origin = _wall.GetUtcNow();
        _start = _wall.GetTimestamp();
    }

    public double Scale { get; }

    public override DateTimeOffset GetUtcNow() => _origin + Simulated(_wall.GetElapsedTime(_start));

    public override long GetTimestamp() => _start + (long)((_wall.GetTimestamp() - _start) * Scale);

    public override long TimestampFrequency => _wall.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_wall.CreateTimer(callback, state, Wall(dueTime), Wall(period)), this);

    private TimeSpan Simulated(TimeSpan wall) => TimeSpan.FromTicks((long)(wall.Ticks * Scale));

    private TimeSpan Wall(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : TimeSpan.FromTicks(Math.Max(1, (long)(simulated.Ticks / Scale)));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Wall(dueTime), clock.Wall(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
