namespace OrleansKube.LoadTests;

/// <summary>
/// The embedded silo's simulation clock when a scenario moves simulated time itself (<c>advance</c>): another clock
/// (the scaled wall clock) plus an offset that only grows. Its timers are armed in simulated time, so moving the
/// offset re-arms them: a timer due inside the jump fires at once.
/// </summary>
public sealed class AdvancingTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<WeakReference<AdvancingTimer>> _timers = [];
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() =>
        inner.GetTimestamp() + (long)(Offset.Ticks * (inner.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new AdvancingTimer(this, inner.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        lock (_lock)
        {
            _timers.RemoveAll(t => !t.TryGetTarget(out _));
            _timers.Add(new WeakReference<AdvancingTimer>(timer));
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>; every timer due by then fires.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        List<AdvancingTimer> timers;
        lock (_lock)
        {
            timers = [.. _timers.Select(t => t.TryGetTarget(out var timer) ? timer : null).OfType<AdvancingTimer>()];
        }

        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    private sealed class AdvancingTimer(AdvancingTimeProvider clock, ITimer inner) : ITimer
    {
        private readonly Lock _lock = new();
        private DateTimeOffset? _due;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                _period = period;
                return inner.Change(dueTime, period);
            }
        }

        public void Rearm()
        {
            lock (_lock)
            {
                if (_due is { } due && _period == Timeout.InfiniteTimeSpan)
                {
                    var left = due - clock.GetUtcNow();
                    inner.Change(left > TimeSpan.Zero ? left : TimeSpan.Zero, _period);
                }
            }
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
