namespace OrleansKube.LoadTests.Cost;

/// <summary>
/// The floor a pod's cost is held against: process CPU per in-silo grain call to a grain that does nothing
/// (<see cref="IPingGrain"/>), from a burst of awaited calls by several concurrent callers so every core works.
/// <see cref="GrainCallsCounted"/> is what <see cref="GrainCallCounter"/> saw during the burst: one per call, plus whatever
/// the silo did alongside (nodes registering, heartbeats, leases).
/// </summary>
public sealed record CallFloor(int Calls, int Callers, double WallSeconds, double CpuSeconds, double CpuMicrosecondsPerCall, double CallsPerSecond, long? GrainCallsCounted, long BytesAllocatedPerCall = 0)
{
    public const int DefaultCalls = 20_000;

    public static async Task<CallFloor> MeasureAsync(IGrainFactory grains, int calls, GrainCallCounter? counter, CancellationToken cancellationToken, int callers = 8)
    {
        var pings = Enumerable.Range(0, callers).Select(i => grains.GetGrain<IPingGrain>(i)).ToList();

        // Activates the grains and runs the call path once through before counting.
        await BurstAsync(pings, Math.Max(callers, calls / 10), cancellationToken);
        var start = CostSnapshot.Take(counter, precise: true);
        await BurstAsync(pings, calls, cancellationToken);
        var spent = CostSnapshot.Take(counter, precise: true) - start;
        return new CallFloor(
            calls,
            callers,
            Math.Round(spent.Wall.TotalSeconds, 3),
            Math.Round(spent.Cpu.TotalSeconds, 3),
            Math.Round(spent.Cpu.TotalMicroseconds / calls, 2),
            Math.Round(calls / spent.Wall.TotalSeconds),
            counter is null ? null : spent.GrainCalls,
            spent.AllocatedBytes / calls);
    }

    private static Task BurstAsync(List<IPingGrain> pings, int calls, CancellationToken cancellationToken) =>
        Task.WhenAll(pings.Select(async (ping, caller) =>
        {
            for (var i = caller; i < calls; i += pings.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ping.PingAsync(i);
            }
        }));
}
