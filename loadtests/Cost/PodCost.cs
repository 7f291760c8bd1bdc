namespace OrleansKube.LoadTests.Cost;

/// <summary>
/// What the process spent per pod from the first create to the last pod Running: CPU, bytes allocated, grain calls,
/// and the share of the window's wall time the GC paused; with a <see cref="CallFloor"/>, the CPU in grain calls' worth.
/// </summary>
public sealed record PodCost(
    double WindowSeconds,
    int Pods,
    double CpuSeconds,
    double CpuMsPerPod,
    long AllocatedBytes,
    long BytesAllocatedPerPod,
    long GrainCalls,
    double GrainCallsPerPod,
    double GcPauseSeconds,
    double GcPauseShare,
    double? CostInGrainCalls)
{
    public static PodCost Of(CostDelta delta, int pods, CallFloor? floor)
    {
        var cpuMs = delta.Cpu.TotalMilliseconds / pods;
        return new PodCost(
            Math.Round(delta.Wall.TotalSeconds, 3),
            pods,
            Math.Round(delta.Cpu.TotalSeconds, 3),
            Math.Round(cpuMs, 3),
            delta.AllocatedBytes,
            delta.AllocatedBytes / pods,
            delta.GrainCalls,
            Math.Round((double)delta.GrainCalls / pods, 2),
            Math.Round(delta.GcPause.TotalSeconds, 3),
            delta.Wall > TimeSpan.Zero ? Math.Round(delta.GcPause / delta.Wall, 4) : 0,
            floor is { CpuMicrosecondsPerCall: > 0 } f ? Math.Round(cpuMs * 1000 / f.CpuMicrosecondsPerCall, 1) : null);
    }
}
