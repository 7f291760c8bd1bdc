namespace OrleansKube.Grains.Hosting;

/// <summary>
/// A one-shot wake-up on the simulation clock for a grain, through its own reference (so fake clocks in tests
/// drive it), or for a silo service, kept in the silo's <see cref="SimulationClock"/>. Setting it again moves it;
/// null or disposal cancels it.
/// </summary>
public sealed class GrainTimer(SimulationClock wheel, Func<Task> wake) : IDisposable
{
    private long _version;
    private DateTimeOffset? _due;

    public void WakeAt(DateTimeOffset? due)
    {
        if (due == _due)
        {
            return;
        }

        _due = due;
        var version = Interlocked.Increment(ref _version);
        if (due is { } at)
        {
            wheel.Schedule(this, version, at);
        }
    }

    /// <summary>
    /// Wakes no later than <paramref name="due"/>: a wake-up already set for then or earlier stays (the woken grain
    /// looks at what is due and sets the timer again). For a due time that moves on with every write (the oldest change
    /// of a window full to capacity, Events over their cap): the clock is not rescheduled per write.
    /// </summary>
    public void WakeBy(DateTimeOffset? due)
    {
        if (due is null || (_due is { } current && current <= due))
        {
            return;
        }

        WakeAt(due);
    }

    public void Dispose()
    {
        _due = null;
        Interlocked.Increment(ref _version);
    }

    internal bool IsCurrent(long version) => Interlocked.Read(ref _version) == version;

    internal void Wake()
    {
        // Fired: setting the same time again arms it anew.
        _due = null;
        wake().Ignore();
    }
}
