namespace OrleansKube.ClusterTests;

/// <summary>
/// Waits on the wall clock, for what only real time moves: a silo on the host's clock, an outside server's scrape
/// interval, membership noticing a dead silo. Every caller says which. Everything on a simulation clock waits on
/// <see cref="SimulatedTime"/>'s barriers instead.
/// </summary>
public static class RealTime
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {seconds} s of real time: {what()}");
            }

            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60) => UntilAsync(condition, () => what, seconds);
}
