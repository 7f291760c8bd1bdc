namespace OrleansKube.LoadTests.Cost;

/// <summary>
/// The process's cost over a run's pods: counters taken when the first create starts and again as each pod turns
/// Running, so the last pod's snapshot ends the window (the same window as the pods/s figure). A snapshot per pod
/// costs about a microsecond, so the end's allocation count is the approximate one (<see cref="CostSnapshot.Take"/>).
/// </summary>
public sealed class CostMeter(GrainCallCounter calls)
{
    private readonly Lock _lock = new();
    private CostSnapshot? _start;
    private CostSnapshot? _end;
    private int _running;

    public void FirstCreate()
    {
        lock (_lock)
        {
            _start ??= CostSnapshot.Take(calls, precise: true);
        }
    }

    public void PodRunning()
    {
        lock (_lock)
        {
            if (_start is not null)
            {
                _end = CostSnapshot.Take(calls, precise: false);
                _running++;
            }
        }
    }

    /// <summary>The window's cost, or null when no pod ran after a create.</summary>
    public PodCost? Measure(CallFloor? floor)
    {
        lock (_lock)
        {
            return _start is { } start && _end is { } end ? PodCost.Of(end - start, _running, floor) : null;
        }
    }
}
