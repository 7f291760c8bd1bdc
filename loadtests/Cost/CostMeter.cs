using System.Diagnostics;

namespace OrleansKube.LoadTests.Cost;

/// <summary>
/// The process's cost over a run's pods: counters taken when the first create starts and again when the last pod
/// turns Running, so that snapshot ends the window (the same window as the pods/s figure). A pod turning Running only
/// counts itself (an interlocked add, on the thread that recorded its startup latency): the snapshot is taken once, by the
/// pod that brings the count to what the run expects (<see cref="Expect"/>), and besides at most every
/// <see cref="Interval"/> by whichever pod finds the meter free (for runs that never reach their count, or go on past it).
/// A snapshot on every pod, under a lock, was 6 % of the process's CPU at 1,000 pods/s, in contention and the CPU read.
/// </summary>
public sealed class CostMeter(GrainCallCounter calls)
{
    private static readonly long Interval = Stopwatch.Frequency / 10;
    private readonly Lock _lock = new();
    private CostSnapshot? _start;
    private volatile bool _started;
    private (CostSnapshot Snapshot, int Running)? _end;
    private int _running;
    private int _expected = int.MaxValue;
    private long _nextSnapshot;

    public void FirstCreate()
    {
        lock (_lock)
        {
            _start ??= CostSnapshot.Take(calls, precise: true);
            _started = true;
        }
    }

    /// <summary>How many pods the run expects Running in all, counted from its first create.</summary>
    public void Expect(int pods) => Volatile.Write(ref _expected, pods);

    public void PodRunning()
    {
        if (!_started)
        {
            return;
        }

        var running = Interlocked.Increment(ref _running);
        if (running == Volatile.Read(ref _expected))
        {
            lock (_lock)
            {
                End(running);
            }
        }
        else if (Stopwatch.GetTimestamp() >= Volatile.Read(ref _nextSnapshot) && _lock.TryEnter())
        {
            try
            {
                End(Volatile.Read(ref _running));
            }
            finally
            {
                _lock.Exit();
            }
        }
    }

    /// <summary>The window's cost, or null when no pod ran after a create.</summary>
    public PodCost? Measure(CallFloor? floor)
    {
        lock (_lock)
        {
            return _start is { } start && _end is { } end ? PodCost.Of(end.Snapshot - start, end.Running, floor) : null;
        }
    }

    private void End(int running)
    {
        var snapshot = CostSnapshot.Take(calls, precise: false);
        if (_end is not { } end || snapshot.Timestamp >= end.Snapshot.Timestamp)
        {
            _end = (snapshot, running);
        }

        Volatile.Write(ref _nextSnapshot, snapshot.Timestamp + Interval);
    }
}
