namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The simulation's clock: the time every grain reads (<see cref="Time"/>: the host's TimeProvider, faster by
/// <c>--time-scale</c>; tests' fake clock) and all the silo's grain timers, on one timer of that clock. Ten
/// thousand kubelets each holding a runtime timer cost the timer thread and the thread pool a wake-up per
/// renewal; here the clock's timer is armed for the earliest due time and, when it fires, wakes every grain
/// that is due together. Orleans itself keeps the host's clock.
/// </summary>
public sealed class SimulationClock
{
    private const int TrimThreshold = 4_096;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(GrainTimer Timer, long Version), DateTimeOffset> _queue = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _armedFor;
    private DateTimeOffset? _wakeAt;
    private bool _stopped;
    private int _peak;

    public SimulationClock(TimeProvider time)
    {
        _time = time;

        // No request context of whoever armed it may flow into the wake-ups.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public TimeProvider Time => _time;

    /// <summary>
    /// When the clock's timer fires next (null when nothing is due): tests step a fake clock from one such instant to
    /// the next, letting the silo settle at each, so every wake-up sees the time it was due at.
    /// </summary>
    public DateTimeOffset? NextWake
    {
        get
        {
            lock (_lock)
            {
                return _wakeAt;
            }
        }
    }

    /// <summary>The silo is stopping: no grain is woken any more (it would be reactivated on a silo going away).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _queue.Clear();
            _wakeAt = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    internal void Schedule(GrainTimer timer, long version, DateTimeOffset due)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _queue.Enqueue((timer, version), due);
            _peak = Math.Max(_peak, _queue.Count);
            if (_armedFor is null || due < _armedFor)
            {
                Arm(due);
            }
        }
    }

    private void Arm(DateTimeOffset due)
    {
        // Whole milliseconds, rounded up: timers (a fake clock's too) count whole milliseconds, and one that fired a
        // fraction early would find nothing due and be armed again, for ever.
        var now = _time.GetUtcNow();
        var delay = due <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling((due - now).TotalMilliseconds));
        _armedFor = due;
        _wakeAt = now + delay;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        List<GrainTimer>? due = null;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _armedFor = null;
            _wakeAt = null;
            while (_queue.TryPeek(out var entry, out var at) && at <= now)
            {
                _queue.Dequeue();

                // Entries a timer has since moved or cancelled are stale: its version has changed.
                if (entry.Timer.IsCurrent(entry.Version))
                {
                    (due ??= []).Add(entry.Timer);
                }
            }

            // A burst (thousands of pods starting) grows the queue's array; give it back once the burst has passed.
            if (_peak > TrimThreshold && _queue.Count < _peak / 4)
            {
                _queue.TrimExcess();
                _peak = _queue.Count;
            }

            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        foreach (var timer in due ?? [])
        {
            timer.Wake();
        }
    }
}
