using System.Diagnostics;

namespace OrleansKube.LoadTests.Cost;

/// <summary>The process's counters at one instant: wall clock, CPU, bytes allocated, GC pauses, grain calls.</summary>
public readonly record struct CostSnapshot(long Timestamp, TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause, long GrainCalls)
{
    /// <summary>
    /// <paramref name="precise"/> counts allocations exactly, which suspends the runtime; without it each thread's
    /// current allocation context (a few KB) counts as allocated, an error below 1 MB for the whole process.
    /// </summary>
    public static CostSnapshot Take(GrainCallCounter? calls, bool precise) => new(
        Stopwatch.GetTimestamp(),
        Environment.CpuUsage.TotalTime,
        GC.GetTotalAllocatedBytes(precise),
        GC.GetTotalPauseDuration(),
        calls?.Read() ?? 0);

    public static CostDelta operator -(CostSnapshot end, CostSnapshot start) => new(
        Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp),
        end.Cpu - start.Cpu,
        end.AllocatedBytes - start.AllocatedBytes,
        end.GcPause - start.GcPause,
        end.GrainCalls - start.GrainCalls);
}

/// <summary>What the process spent between two snapshots.</summary>
public readonly record struct CostDelta(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause, long GrainCalls);
