using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace OrleansKube.ClusterTests;

/// <summary>What the tests that kill a silo share.</summary>
internal static class Failover
{
    /// <summary>
    /// Waits (real time: membership hears of a death on the wall clock) until every surviving silo counts
    /// <paramref name="dead"/> as dead, then forgets the work in flight: what the dead silo held will never finish.
    /// From then on a barrier that waits 10 s in vain forgets what it waited for (a message lost with the silo).
    /// </summary>
    public static async Task ForgetDeadSiloAsync(InProcessTestCluster cluster, SiloHandle dead, SimulatedTime simulation)
    {
        await RealTime.UntilAsync(
            () => Task.FromResult(cluster.Silos.Where(s => s.IsActive).OfType<InProcessSiloHandle>().All(s =>
                s.SiloHost.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(dead.SiloAddress) == SiloStatus.Dead)),
            $"the survivors count {dead.SiloAddress} as dead");
        simulation.Quiescence.Forget();

        // Messages sent after this may still go to the dead silo (a stale directory entry) and be dropped there.
        simulation.LostMessageGrace = TimeSpan.FromSeconds(10);
    }

    /// <summary>A call that met a grain of the dead silo fails once; the grain comes back on a survivor with the next call.</summary>
    public static async Task<T?> RetriedAsync<T>(Func<Task<T?>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return await call();
        }
    }
}
